"""A layout profile as the extractor reads it: header labels, vocabularies, report wording.

A profile is declared in YAML (``profiles/<name>.yml``, see :mod:`.files`); this module holds
the resolved form (``extends`` merged in) and the questions the extractor asks of it: which
field a header label names, which canonical status or direction a printed word stands for.
Labels are compared normalised (:func:`normalise`): any case, any spacing, wrapped or not.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

from scorecard.errors import ConfigurationError

MEASURE_COLUMNS: tuple[str, ...] = ("measure_details", "measure_code", "measure_title")
"""Fields naming the measure: code and title in one cell, or in a cell each."""
COMBINED_STATUS: tuple[str, ...] = ("quarterly", "forecast")
"""Combined status cells: a status, a 'Quarterly data' marker, Target X and Actual Y."""
SEPARATE_STATUS: tuple[str, ...] = tuple(
    f"{part}_{kind}" for part in COMBINED_STATUS for kind in ("status", "target", "actual")
)
"""Spreadsheet-style cells: status, target and actual of the quarter and the forecast apart."""
COMMENTARY: tuple[str, ...] = ("context", "improvement_actions", "intervention_review")
"""Free-text columns, each the measure field of the same name."""
COLUMN_FIELDS: tuple[str, ...] = (
    *MEASURE_COLUMNS,
    "directorate",
    *COMBINED_STATUS,
    *SEPARATE_STATUS,
    "unit",
    "direction_of_travel",
    *COMMENTARY,
)
"""Every field a column may hold (a profile's ``columns`` keys)."""
FILLS: tuple[str, ...] = ("red", "amber", "green", "blue", "none")
"""Hue families a status cell's fill may show (``scorecard.extract.colours``)."""
PERIOD_FORMATS: tuple[str, ...] = ("day-month-year", "dd/mm/yyyy", "yyyy-mm-dd")
"""How a period end may be printed (31-Mar-2018 or 31 March 2018; 31/03/2018; 2018-03-31)."""
IGNORE = "ignore"
"""The pseudo-field of a header whose column is left out."""
_FIELD_NAME = re.compile(r"^[a-z][a-z0-9_]{0,62}$")
_SPACES = re.compile(r"\s+")
_SLASH = re.compile(r"\s*/\s*")


class ProfileError(ConfigurationError):
    """A layout profile file is wrong (unknown key, a header claimed twice, a bad value); the
    message names the file and what to change."""


def normalise(text: str) -> str:
    """A header label or printed word as compared: NFKC, lower case, single spaces, no spaces
    around '/', no trailing ':' or '*'."""
    text = unicodedata.normalize("NFKC", text).lower()
    text = _SLASH.sub("/", _SPACES.sub(" ", text).strip())
    return text.rstrip(":* ").strip()


def squeeze(text: str) -> str:
    """A printed word without any spaces (for words the letter-spaced PDFs split apart)."""
    return _SPACES.sub("", normalise(text))


@dataclass(frozen=True)
class Status:
    """A canonical status, the labels printed for it, and what it means."""

    name: str
    labels: tuple[str, ...]
    colour: str
    fill: str
    on_target: bool | None


@dataclass(frozen=True)
class StatusCell:
    """The words that mark the parts of a combined status cell."""

    quarterly_marker: str = "Quarterly data"
    forecast_marker: str = "Forecast data"
    target: str = "Target"
    actual: str = "Actual"


@dataclass(frozen=True)
class Profile:
    """A resolved layout profile (``extends`` merged in); see ``profiles/derby.yml``."""

    name: str
    files: tuple[str, ...]
    columns: Mapping[str, tuple[str, ...]]
    extras: Mapping[str, tuple[str, ...]]
    ignore: tuple[str, ...]
    required: tuple[str, ...]
    statuses: tuple[Status, ...]
    directions: Mapping[str, tuple[str, ...]]
    titles: tuple[str, ...] = ("Council Scorecard",)
    period_formats: tuple[str, ...] = ("day-month-year", "dd/mm/yyyy")
    banner: str = "Directorate :"
    footer_fields: tuple[str, ...] = ("Data Source", "Time Fetched", "Report Name")
    status_cell: StatusCell = field(default_factory=StatusCell)
    measure_codes: str = "open"
    description: str = ""
    _headers: dict[str, tuple[str, str]] = field(
        default_factory=dict, init=False, compare=False, repr=False
    )

    def __post_init__(self) -> None:
        self._headers.update(header_claims(self))

    @property
    def file(self) -> str:
        """The profile's own file (the one a person edits to extend it)."""
        return self.files[-1] if self.files else f"profiles/{self.name}.yml"

    def field_of(self, label: str) -> tuple[str, str] | None:
        """(kind, field) a header label names: kind is "column", "extra" or "ignore"."""
        return self._headers.get(normalise(label))

    def header_words(self) -> frozenset[str]:
        """Every word of every header label this profile knows (normalised)."""
        return frozenset(w for label in self._headers for w in re.split(r"[\s/]+", label) if w)

    def header_labels(self) -> tuple[str, ...]:
        """Every normalised header label this profile knows."""
        return tuple(self._headers)

    def status_names(self) -> tuple[str, ...]:
        """The canonical statuses, in the profile's order."""
        return tuple(s.name for s in self.statuses)

    def status_of(self, printed: str) -> str | None:
        """The canonical status a printed label stands for (letters compared, any spacing)."""
        key = squeeze(printed)
        return next(
            (s.name for s in self.statuses for lab in s.labels if squeeze(lab) == key), None
        )

    def direction_of(self, printed: str) -> str | None:
        """The canonical direction of travel a printed word stands for."""
        key = squeeze(printed)
        return next(
            (
                name
                for name, labels in self.directions.items()
                for lab in labels
                if squeeze(lab) == key
            ),
            None,
        )

    def status_labels(self) -> tuple[str, ...]:
        """Every label printed for a status."""
        return tuple(label for s in self.statuses for label in s.labels)

    def direction_labels(self) -> tuple[str, ...]:
        """Every word printed for a direction of travel."""
        return tuple(label for labels in self.directions.values() for label in labels)

    def fills(self) -> dict[str, str]:
        """Hue family (Red, Amber, ...) -> the canonical status a fill of that hue shows."""
        return {s.fill.title(): s.name for s in self.statuses if s.fill != "none"}

    def to_dict(self) -> dict[str, Any]:
        """The resolved profile as JSON-ready data (what the extraction child process gets)."""
        data = asdict(self)
        data.pop("_headers")
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Profile:
        """The inverse of :meth:`to_dict`."""
        values = dict(data)
        values["statuses"] = tuple(
            Status(**{**s, "labels": tuple(s["labels"])}) for s in values["statuses"]
        )
        values["status_cell"] = StatusCell(**values["status_cell"])
        for key in ("files", "ignore", "required", "titles", "period_formats", "footer_fields"):
            values[key] = tuple(values[key])
        for key in ("columns", "extras", "directions"):
            values[key] = {k: tuple(v) for k, v in values[key].items()}
        return cls(**values)


def header_claims(profile: Profile) -> dict[str, tuple[str, str]]:
    """Normalised label -> (kind, field); a label claimed for two fields is a ProfileError."""
    claims: dict[str, tuple[str, str]] = {}
    groups = [("column", profile.columns), ("extra", profile.extras)]
    groups.append(("ignore", {IGNORE: profile.ignore}))
    for kind, fields in groups:
        for name, labels in fields.items():
            for label in labels:
                key = normalise(label)
                claimed = claims.setdefault(key, (kind, name))
                if claimed != (kind, name):
                    raise ProfileError(
                        f"{profile.file}: header {label!r} is claimed twice, by "
                        f"{_claim(claimed)} and by {_claim((kind, name))}; keep one"
                    )
    return claims


def _claim(claim: tuple[str, str]) -> str:
    kind, name = claim
    return "ignore" if kind == "ignore" else f"{kind} {name!r}"


def check_field_name(name: object, where: str) -> str:
    """An extra field's name: lower case letters, digits and underscores."""
    if not isinstance(name, str) or not _FIELD_NAME.match(name) or name in COLUMN_FIELDS:
        raise ProfileError(
            f"{where}: extra field {name!r}: expected a new lower_case name (not one of the "
            "columns' fields)"
        )
    return name
