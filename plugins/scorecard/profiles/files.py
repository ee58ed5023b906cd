"""Layout profile files: read, checked key by key, ``extends`` resolved, found by name.

A profile is ``<dir>/<name>.yml``; the project's live in ``profiles/`` at the repository root
(:data:`PROFILES_DIR`), and a sources file may name more folders. Every mistake is a
:class:`~scorecard.profiles.model.ProfileError` of one line naming the file: an unknown key, a
value of the wrong shape, a header claimed by two fields (in one file, or by two profiles one
extends), a printed word given to two canonical values, a cycle of ``extends``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import replace
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from scorecard.profiles.merge import claims_agree, merge_statuses, one_meaning, union
from scorecard.profiles.model import (
    COLUMN_FIELDS,
    FILLS,
    PERIOD_FORMATS,
    Profile,
    ProfileError,
    Status,
    StatusCell,
    check_field_name,
)
from scorecard.settings import PROJECT_DIR

PROFILES_DIR = PROJECT_DIR / "profiles"
DEFAULT_PROFILE = "derby"
"""The profile of a source that names none: today's Derby template."""
SUPPORTED_VERSION = 1
_TOP = {
    "version", "name", "description", "extends", "report", "columns", "required", "extras",
    "ignore", "status_cell", "statuses", "directions", "measure_codes",
}  # fmt: skip
_REPORT = {"titles", "period_formats", "banner", "footer_fields"}
_STATUS = {"labels", "colour", "fill", "on_target"}
_CELL = {"quarterly_marker", "forecast_marker", "target", "actual"}
_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$")


def _keys(data: Any, allowed: set[str], where: str) -> dict[str, Any]:
    """A mapping with only known keys (the error lists the unknown and the expected ones)."""
    if not isinstance(data, dict):
        raise ProfileError(f"{where}: expected a mapping, got {type(data).__name__}")
    unknown = sorted(set(map(str, data)) - allowed)
    if unknown:
        raise ProfileError(
            f"{where}: unknown key(s) {', '.join(unknown)}; expected some of "
            f"{', '.join(sorted(allowed))}"
        )
    return data


def _texts(value: Any, where: str) -> tuple[str, ...]:
    """A string or a list of non-empty strings."""
    items = value if isinstance(value, list) else [value]
    if not all(isinstance(item, str) and item.strip() for item in items):
        raise ProfileError(f"{where}: expected a text or a list of texts, got {value!r}")
    return tuple(item.strip() for item in items)


def _labels(
    data: Any, where: str, names: Iterable[str] | None = None
) -> dict[str, tuple[str, ...]]:
    """field -> labels, each field checked against ``names`` (or as an extra field's name)."""
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ProfileError(f"{where}: expected a mapping of field -> header labels")
    allowed = set(names) if names is not None else None
    result = {}
    for key, value in data.items():
        if allowed is not None and key not in allowed:
            raise ProfileError(
                f"{where}: unknown field {key!r}; expected one of {', '.join(sorted(allowed))}"
            )
        name = key if allowed is not None else check_field_name(key, where)
        result[name] = () if value in (None, []) else _texts(value, f"{where}.{key}")
    return result


def _status(name: str, data: Any, where: str) -> tuple[Status, frozenset[str]]:
    """A status declaration, and which of its attributes it sets (a profile that extends
    another may only add labels to a status)."""
    spec = _keys(data if data is not None else {}, _STATUS, f"{where}.{name}")
    labels = (
        () if spec.get("labels") in (None, []) else _texts(spec["labels"], f"{where}.{name}.labels")
    )
    colour = spec.get("colour", "#636363")
    if not isinstance(colour, str) or not _COLOUR.match(colour):
        raise ProfileError(
            f"{where}.{name}.colour: expected a colour such as '#b1212a', got {colour!r}"
        )
    fill = str(spec.get("fill", "none")).lower()
    if fill not in FILLS:
        raise ProfileError(f"{where}.{name}.fill: expected one of {', '.join(FILLS)}, got {fill!r}")
    on_target = spec.get("on_target")
    if on_target not in (True, False, None):
        raise ProfileError(f"{where}.{name}.on_target: expected true, false or null")
    return Status(str(name), labels, colour.lower(), fill, on_target), frozenset(spec) - {"labels"}


def read_file(path: Path) -> dict[str, Any]:
    """One profile file's declarations, checked (``extends`` not resolved yet)."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ProfileError(f"{path}: layout profile not found") from None
    except yaml.YAMLError as exc:
        raise ProfileError(f"{path}: not valid YAML: {str(exc).splitlines()[0]}") from None
    where = shown(path)
    spec = _keys(data, _TOP, where)
    if spec.get("version", SUPPORTED_VERSION) != SUPPORTED_VERSION:
        raise ProfileError(
            f"{where}: version {spec.get('version')!r} is not supported (expected 1)"
        )
    name = spec.get("name", path.stem)
    if name != path.stem:
        raise ProfileError(f"{where}: name {name!r} must be the file's name ({path.stem!r})")
    report = _keys(spec.get("report") or {}, _REPORT, f"{where}: report")
    formats = (
        _texts(report["period_formats"], f"{where}: report.period_formats")
        if "period_formats" in report
        else None
    )
    if formats and set(formats) - set(PERIOD_FORMATS):
        raise ProfileError(
            f"{where}: report.period_formats: expected some of {', '.join(PERIOD_FORMATS)}, got "
            f"{', '.join(sorted(set(formats) - set(PERIOD_FORMATS)))}"
        )
    directions = _vocabulary(spec.get("directions"), f"{where}: directions")
    return {
        "name": name,
        "file": where,
        "description": str(spec.get("description") or ""),
        "extends": _texts(spec["extends"], f"{where}: extends") if spec.get("extends") else (),
        "titles": _texts(report["titles"], f"{where}: report.titles")
        if "titles" in report
        else None,
        "period_formats": formats,
        "banner": _texts(report["banner"], f"{where}: report.banner")[0]
        if "banner" in report
        else None,
        "footer_fields": _texts(report["footer_fields"], f"{where}: report.footer_fields")
        if "footer_fields" in report
        else None,
        "columns": _labels(spec.get("columns"), f"{where}: columns", COLUMN_FIELDS),
        "extras": _labels(spec.get("extras"), f"{where}: extras"),
        "ignore": _texts(spec["ignore"], f"{where}: ignore") if spec.get("ignore") else (),
        "required": _required(spec.get("required"), f"{where}: required"),
        "status_cell": _keys(spec["status_cell"], _CELL, f"{where}: status_cell")
        if "status_cell" in spec
        else None,
        "statuses": [
            _status(str(n), v, f"{where}: statuses")
            for n, v in _vocabulary(spec.get("statuses"), f"{where}: statuses", raw=True).items()
        ],
        "directions": directions,
        "measure_codes": str(spec["measure_codes"]) if "measure_codes" in spec else None,
    }


def _vocabulary(data: Any, where: str, raw: bool = False) -> dict[str, Any]:
    """canonical word -> printed words (or, ``raw``, its declaration as given)."""
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ProfileError(f"{where}: expected a mapping of canonical word -> printed words")
    result: dict[str, Any] = {}
    for key, value in data.items():
        name = str(key).strip()
        if not name:
            raise ProfileError(f"{where}: an empty canonical word")
        result[name] = (
            value if raw else (() if value in (None, []) else _texts(value, f"{where}.{name}"))
        )
    return result


def shown(path: Path) -> str:
    """A profile file as messages name it: relative to the repository when inside it."""
    try:
        return str(path.resolve().relative_to(PROJECT_DIR.resolve()))
    except ValueError:
        return str(path)


def _required(value: Any, where: str) -> tuple[str, ...] | None:
    if value is None:
        return None
    fields = _texts(value, where)
    unknown = [f for f in fields if f not in COLUMN_FIELDS]
    if unknown:
        raise ProfileError(f"{where}: unknown field(s) {', '.join(unknown)}")
    return fields


def resolve(name: str, dirs: Sequence[Path] = (), _chain: tuple[str, ...] = ()) -> Profile:
    """The profile ``name`` with everything it extends merged in (parents first): labels and
    words add up, the report's wording and ``required`` are the last one's that says them."""
    if name in _chain:
        raise ProfileError(f"profile {name!r}: extends itself ({' -> '.join([*_chain, name])})")
    spec = read_file(find(name, dirs))
    parents = [resolve(parent, dirs, (*_chain, name)) for parent in spec["extends"]]
    claims_agree([*parents, spec])
    file = spec["file"]
    statuses = merge_statuses([p.statuses for p in parents], spec["statuses"])
    directions = union([*(p.directions for p in parents), spec["directions"]])
    one_meaning({s.name: s.labels for s in statuses}, "status label", file)
    one_meaning(directions, "direction of travel", file)
    if not statuses:
        raise ProfileError(f"{file}: statuses: expected at least one status")
    wording: dict[str, Any] = {"required": ()}
    for parent in parents:
        wording.update({key: getattr(parent, key) for key in _INHERITED})
    wording.update(
        {k: spec[k] for k in _INHERITED if spec.get(k) is not None and k != "status_cell"}
    )
    if spec["status_cell"] is not None:
        wording["status_cell"] = replace(
            wording.get("status_cell", StatusCell()), **spec["status_cell"]
        )
    return Profile(
        name=name,
        files=tuple(dict.fromkeys([*(f for p in parents for f in p.files), file])),
        columns=union([*(p.columns for p in parents), spec["columns"]]),
        extras=union([*(p.extras for p in parents), spec["extras"]]),
        ignore=tuple(dict.fromkeys([*(i for p in parents for i in p.ignore), *spec["ignore"]])),
        statuses=statuses,
        directions=directions,
        description=spec["description"],
        **wording,
    )


_INHERITED = (
    "titles", "period_formats", "banner", "footer_fields", "status_cell", "measure_codes",
    "required",
)  # fmt: skip


def find(name: str, dirs: Sequence[Path] = ()) -> Path:
    """The file of profile ``name``: the first ``<dir>/<name>.yml`` of ``dirs``, then
    :data:`PROFILES_DIR`."""
    if not _NAME.match(name):
        raise ProfileError(f"profile {name!r}: expected a name of letters, digits, '-', '_' or '.'")
    folders = [*dirs, PROFILES_DIR]
    for folder in folders:
        path = folder / f"{name}.yml"
        if path.is_file():
            return path
    known = sorted({p.stem for folder in folders if folder.is_dir() for p in folder.glob("*.yml")})
    raise ProfileError(
        f"layout profile {name!r} not found in {', '.join(map(str, folders))} "
        f"(known: {', '.join(known) or 'none'})"
    )


@lru_cache(maxsize=64)
def _cached(name: str, dirs: tuple[Path, ...], stamps: tuple[float, ...]) -> Profile:
    return resolve(name, dirs)


def load_profile(name: str | None = None, dirs: Sequence[Path] = ()) -> Profile:
    """The resolved profile ``name`` (the default one when None), re-read when a file changes."""
    folders = tuple(dirs)
    stamps = tuple(
        p.stat().st_mtime for folder in (*folders, PROFILES_DIR) if folder.is_dir()
        for p in sorted(folder.glob("*.yml"))
    )  # fmt: skip
    return _cached(name or DEFAULT_PROFILE, folders, stamps)


def profile_names(dirs: Sequence[Path] = ()) -> list[str]:
    """Every profile found in ``dirs`` and the project's folder."""
    folders = [*dirs, PROFILES_DIR]
    return sorted({p.stem for folder in folders if folder.is_dir() for p in folder.glob("*.yml")})
