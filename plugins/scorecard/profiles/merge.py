"""Merging a layout profile with the profiles it extends, and the checks that keep one meaning
per header label and per printed word across them (:func:`scorecard.profiles.files.resolve`)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

from scorecard.profiles.model import Profile, ProfileError, Status, normalise, squeeze


def union(parts: Sequence[Mapping[str, tuple[str, ...]]]) -> dict[str, tuple[str, ...]]:
    merged: dict[str, tuple[str, ...]] = {}
    for part in parts:
        for key, labels in part.items():
            merged[key] = tuple(dict.fromkeys([*merged.get(key, ()), *labels]))
    return merged


def merge_statuses(
    parents: Sequence[Sequence[Status]], own: Sequence[tuple[Status, frozenset[str]]]
) -> tuple[Status, ...]:
    """Statuses of the parents, then the profile's own: labels add up, an attribute the
    profile does not set is the parent's."""
    merged: dict[str, Status] = {}
    everything = [(s, frozenset({"colour", "fill", "on_target"})) for p in parents for s in p]
    for status, declared in [*everything, *own]:
        known = merged.get(status.name)
        if known is None:
            merged[status.name] = status
            continue
        labels = tuple(dict.fromkeys([*known.labels, *status.labels]))
        kept = {k: getattr(known, k) for k in ("colour", "fill", "on_target") if k not in declared}
        merged[status.name] = replace(status, labels=labels, **kept)
    return tuple(merged.values())


def one_meaning(words: Mapping[str, tuple[str, ...]], kind: str, file: str) -> None:
    """A printed word stands for one canonical value only."""
    seen: dict[str, str] = {}
    for name, labels in words.items():
        for label in labels:
            other = seen.setdefault(squeeze(label), name)
            if other != name:
                raise ProfileError(
                    f"{file}: the {kind} {label!r} is printed for both {other!r} and {name!r}; keep one"
                )


def claims_agree(parts: Sequence[Profile | dict[str, Any]]) -> None:
    """A header label means one field across a profile and the profiles it extends."""
    seen: dict[str, tuple[str, str, str]] = {}
    for part in parts:
        if isinstance(part, Profile):
            name, file = part.name, part.file
            groups = {
                "column": part.columns,
                "extra": part.extras,
                "ignore": {"ignore": part.ignore},
            }
        else:
            name, file = part["name"], part["file"]
            groups = {
                "column": part["columns"],
                "extra": part["extras"],
                "ignore": {"ignore": part["ignore"]},
            }
        for kind, fields in groups.items():
            for field_name, labels in fields.items():
                for label in labels:
                    claim = (kind, field_name, name)
                    other = seen.setdefault(normalise(label), claim)
                    if other[:2] == claim[:2]:
                        continue
                    if other[2] == name:
                        raise ProfileError(
                            f"{file}: header {label!r} is claimed twice, as {_what(other)} and "
                            f"as {_what(claim)}; keep one"
                        )
                    raise ProfileError(
                        f"{file}: header {label!r} is claimed by two profiles: {other[2]!r} "
                        f"as {_what(other)} and {name!r} as {_what(claim)}; keep one"
                    )


def _what(claim: tuple[str, str, str]) -> str:
    return "ignore" if claim[0] == "ignore" else f"{claim[0]} {claim[1]!r}"
