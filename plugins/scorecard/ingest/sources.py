"""Where each quarter's report is published: the sources file (``sources.yml``).

A period end maps to one or more locations (versions in issue order): listed under ``periods``,
or made from the ``template`` with the quarter's fields (:func:`template_fields`; the file's
comments list them). A location is an ``http(s)://`` or ``file://`` URL, a local path, or
anything ``universal_pathlib`` opens. :func:`load_sources` reads and checks the file
(:class:`SourcesError` names it and what was expected); :func:`list_sources` resolves one
period.
"""

from __future__ import annotations

import string
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from scorecard.councils import council_id
from scorecard.errors import ConfigurationError
from scorecard.ingest.rules import Discovery, parse_discovery
from scorecard.profiles import DEFAULT_PROFILE, Profile, ProfileError, load_profile
from scorecard.quarters import Quarter, QuarterError
from scorecard.settings import PROJECT_DIR, Settings, get_settings

SUPPORTED_VERSION = 1
_SOURCE_KEYS = {
    "template", "periods", "base_dir", "allow_http", "profile", "profiles", "discover",
}  # fmt: skip
_TOP_LEVEL_KEYS = {"version", "council", "councils", *_SOURCE_KEYS}
_COUNCIL_KEYS = {"name", *_SOURCE_KEYS}


class SourcesError(ConfigurationError):
    """The sources file is missing or malformed; the message names the file and the problem."""


def template_fields(quarter: Quarter) -> dict[str, str]:
    """The placeholder values of one quarter (see the module docstring)."""
    end = quarter.period_end
    return {
        "period_end": end.isoformat(),
        "period_start": quarter.period_start.isoformat(),
        "yyyy": f"{end.year:04d}",
        "yy": f"{end.year % 100:02d}",
        "mm": f"{end.month:02d}",
        "m": str(end.month),
        "dd": f"{end.day:02d}",
        "mon": end.strftime("%b"),
        "mon_lower": end.strftime("%b").lower(),
        "month": end.strftime("%B"),
        "month_lower": end.strftime("%B").lower(),
        "quarter": str(quarter.number),
        "financial_year": quarter.financial_year,
        "fy": quarter.financial_year.replace("/", "-"),
        "fy_start": str(quarter.fy_start),
        "fy_end": str(quarter.fy_start + 1),
        "code": quarter.code,
    }


_FIELD_NAMES = frozenset(template_fields(Quarter(2000, 1)))


@dataclass(frozen=True)
class Sources:
    """A parsed sources file: the default template and the explicit per-period locations."""

    path: Path
    base_dir: Path
    template: tuple[str, ...] = ()
    periods: dict[date, tuple[str, ...]] = field(default_factory=dict)
    allow_http: bool = False
    """Plain ``http://`` locations are fetched (otherwise refused: https only)."""
    profile: str = DEFAULT_PROFILE
    """The layout profile of this source's reports (``profiles/<name>.yml``)."""
    profiles: dict[date, str] = field(default_factory=dict)
    """Quarters read with another profile (a template change)."""
    discover: Discovery | None = None
    """How to find a quarter's report on the council's site (instead of the template)."""
    council: str | None = None
    """The council's name as its reports print it; ``None`` (a file for one council that
    does not name it): whichever council the reports print."""

    @property
    def council_id(self) -> str | None:
        """The council's key in the warehouse (:func:`scorecard.councils.council_id`)."""
        return council_id(self.council) if self.council else None

    def profile_for(self, period_end: date) -> str:
        """The layout profile a quarter's report is read with."""
        return self.profiles.get(period_end, self.profile)

    def discovers(self, period_end: date) -> bool:
        """Whether the quarter's report is found by discovery (no explicit ``periods`` entry)."""
        return self.discover is not None and period_end not in self.periods

    def locations(self, period_end: date) -> list[str]:
        """Resolved locations of one quarter, in version order (may be empty; a quarter found
        by discovery has none until :mod:`scorecard.ingest.discovery` looks)."""
        quarter = Quarter.from_period_end(period_end)
        raw = self.periods.get(period_end)
        if raw is None and self.discover is not None:
            return []
        if raw is None:
            values = template_fields(quarter)
            raw = tuple(item.format(**values) for item in self.template)
        return [resolve_location(item, self.base_dir) for item in raw]


def resolve_location(location: str, base_dir: Path) -> str:
    """A URL stays as it is; a local path becomes absolute (relative ones against ``base_dir``)."""
    scheme = urlsplit(location).scheme
    if len(scheme) > 1:  # one letter is a Windows drive, not a scheme
        return location
    path = Path(location).expanduser()
    return str(path if path.is_absolute() else (base_dir / path).resolve())


def _check_template(item: object, where: str, file: Path) -> str:
    """One location string, with only known placeholders."""
    if not isinstance(item, str) or not item.strip():
        raise SourcesError(f"{file}: {where}: expected a URL or path string, got {item!r}")
    try:
        names = {name for _, name, _, _ in string.Formatter().parse(item) if name is not None}
    except ValueError as exc:
        raise SourcesError(f"{file}: {where}: bad placeholder syntax in {item!r}: {exc}") from None
    unknown = sorted(n for n in names if n not in _FIELD_NAMES)
    if unknown:
        raise SourcesError(
            f"{file}: {where}: unknown placeholder(s) {', '.join(unknown)} in {item!r}; "
            f"expected some of {', '.join(sorted(_FIELD_NAMES))}"
        )
    return item.strip()


def _as_list(value: object, where: str, file: Path) -> tuple[str, ...]:
    """A string or a list of strings, checked."""
    items = value if isinstance(value, list) else [value]
    return tuple(_check_template(item, f"{where}[{i}]", file) for i, item in enumerate(items))


def _period_key(key: object, file: Path) -> date:
    """A key under ``periods``: a quarter end (YAML may already have made it a date)."""
    text = key.isoformat() if isinstance(key, date) else str(key)
    try:
        return Quarter.parse(text).period_end
    except QuarterError as exc:
        raise SourcesError(f"{file}: periods: {exc}") from None


def parse_councils(data: Any, path: Path) -> tuple[Sources, ...]:
    """Check the YAML document of a sources file: one council's sources at the top level
    (``council`` optionally naming it), or ``councils``, a list of them, each with its
    ``name``. ``base_dir`` and ``allow_http`` at the top level are every council's default."""
    if not isinstance(data, dict):
        raise SourcesError(f"{path}: expected a mapping with 'template' and/or 'periods'")
    _known_keys(data, _TOP_LEVEL_KEYS, path, "")
    version = data.get("version", SUPPORTED_VERSION)
    if version != SUPPORTED_VERSION:
        raise SourcesError(f"{path}: version {version!r} is not supported (expected 1)")
    if "councils" not in data:
        return (_parse_council(data, path),)
    entries = data["councils"]
    alone = sorted(set(map(str, data)) - {"version", "councils", "base_dir", "allow_http"})
    if alone:
        raise SourcesError(
            f"{path}: {', '.join(alone)} beside 'councils': put it under each council's entry"
        )
    if not isinstance(entries, list) or not entries:
        raise SourcesError(f"{path}: councils: expected a list of councils, each with a 'name'")
    shared = {k: data[k] for k in ("base_dir", "allow_http") if k in data}
    councils = []
    for i, entry in enumerate(entries):
        where = f"councils[{i}]"
        if not isinstance(entry, dict):
            raise SourcesError(f"{path}: {where}: expected a mapping with 'name' and 'template'")
        _known_keys(entry, _COUNCIL_KEYS, path, f"{where}: ")
        if "name" not in entry:
            raise SourcesError(f"{path}: {where}: no 'name' (the council as its reports print it)")
        councils.append(_parse_council({**shared, **entry, "council": entry["name"]}, path))
    keys = [c.council_id for c in councils]
    twice = sorted({k for k in keys if keys.count(k) > 1 and k is not None})
    if twice:
        raise SourcesError(f"{path}: councils: {', '.join(twice)} listed more than once")
    return tuple(councils)


def _known_keys(data: dict[Any, Any], known: set[str], path: Path, where: str) -> None:
    unknown = sorted(set(map(str, data)) - known)
    if unknown:
        raise SourcesError(
            f"{path}: {where}unknown key(s) {', '.join(unknown)}; expected {', '.join(sorted(known))}"
        )


def _council_name(value: object, path: Path) -> str | None:
    """A council's name as its reports print it: it must make a key."""
    if value is None:
        return None
    if not isinstance(value, str) or not council_id(value):
        raise SourcesError(
            f"{path}: council name {value!r}: expected the council's name as its reports print "
            "it, with letters or digits (such as 'Derby City Council')"
        )
    return " ".join(value.split())


def parse_sources(data: Any, path: Path) -> Sources:
    """Check the YAML document of a sources file of one council and build its
    :class:`Sources` (:func:`parse_councils` reads a file of several)."""
    return pick_council(parse_councils(data, path), None)


def _parse_council(data: dict[str, Any], path: Path) -> Sources:
    """One council's sources (a whole one-council file, or one entry of ``councils``)."""
    council = _council_name(data.get("council"), path)
    base = data.get("base_dir")
    base_dir = (path.parent / str(base)).resolve() if base is not None else PROJECT_DIR
    template = _as_list(data["template"], "template", path) if data.get("template") else ()
    periods_raw = data.get("periods") or {}
    if not isinstance(periods_raw, dict):
        raise SourcesError(f"{path}: periods: expected a mapping of period end -> locations")
    periods = {
        _period_key(key, path): _as_list(value, f"periods[{key}]", path)
        for key, value in periods_raw.items()
    }
    discover = (
        parse_discovery(data["discover"], path, _FIELD_NAMES) if data.get("discover") else None
    )
    if not template and not periods and discover is None:
        raise SourcesError(
            f"{path}: no sources: expected a 'template', 'periods' or 'discover' entry"
        )
    allow_http = data.get("allow_http", False)
    if not isinstance(allow_http, bool):
        raise SourcesError(f"{path}: allow_http: expected true or false, got {allow_http!r}")
    profile = _profile_name(data.get("profile", DEFAULT_PROFILE), "profile", path)
    quarters = data.get("profiles") or {}
    if not isinstance(quarters, dict):
        raise SourcesError(f"{path}: profiles: expected a mapping of period end -> profile name")
    profiles = {
        _period_key(key, path): _profile_name(value, f"profiles[{key}]", path)
        for key, value in quarters.items()
    }
    return Sources(
        path, base_dir, template, periods, allow_http, profile, profiles, discover, council
    )


def _profile_name(value: object, where: str, path: Path) -> str:
    """A layout profile's name, checked to exist and to be a valid profile."""
    if not isinstance(value, str) or not value.strip():
        raise SourcesError(f"{path}: {where}: expected a layout profile's name, got {value!r}")
    try:
        load_profile(value.strip())
    except ProfileError as exc:
        raise SourcesError(f"{path}: {where}: {exc}") from None
    return value.strip()


def load_councils(
    path: Path | None = None, *, settings: Settings | None = None
) -> tuple[Sources, ...]:
    """Every council's sources, in the file's order (``settings.sources_file`` unless ``path``
    is given)."""
    file = path or (settings or get_settings()).sources_file
    try:
        text = file.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise SourcesError(
            f"{file}: sources file not found (set SCORECARD_SOURCES or create it)"
        ) from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise SourcesError(f"{file}: not valid YAML: {exc}") from None
    return parse_councils(data, file)


def load_sources(
    path: Path | None = None, *, settings: Settings | None = None, council: str | None = None
) -> Sources:
    """One council's sources: ``council`` by its name or key; ``None`` when the file lists
    one council (several: an error naming them)."""
    councils = load_councils(path, settings=settings)
    return pick_council(councils, council)


def pick_council(councils: tuple[Sources, ...], council: str | None) -> Sources:
    """The council named (by name or key) among a file's councils."""
    file = councils[0].path
    if council is None:
        if len(councils) == 1:
            return councils[0]
        raise SourcesError(f"{file} lists {len(councils)} councils: name one ({_names(councils)})")
    wanted = council_id(council)
    for sources in councils:
        if sources.council_id == wanted or (sources.council is None and len(councils) == 1):
            return sources
    raise SourcesError(f"{file}: no council {council!r}; it lists {_names(councils)}")


def _names(councils: tuple[Sources, ...]) -> str:
    return ", ".join(c.council_id or "(unnamed)" for c in councils)


def layout_profile(
    period_end: date, *, settings: Settings | None = None, council: str | None = None
) -> Profile:
    """The layout profile a quarter's report is read with (the sources file says which)."""
    sources = load_sources(settings=settings, council=council)
    return load_profile(sources.profile_for(period_end))


def list_sources(
    period_end: date, *, settings: Settings | None = None, council: str | None = None
) -> list[str]:
    """Locations of the report for ``period_end``, in version order (version 1 first)."""
    return load_sources(settings=settings, council=council).locations(period_end)
