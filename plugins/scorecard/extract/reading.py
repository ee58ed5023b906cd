"""A layout profile compiled for the extractor: the questions every page part asks of it.

Banner rows, measure codes, the markers of a combined status cell, the report's title and
footer fields, statuses and directions all come from the profile
(:class:`scorecard.profiles.Profile`); this object answers for them, fast, once per report.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from scorecard.extract import codes
from scorecard.extract.words import Line
from scorecard.profiles import Profile, load_profile
from scorecard.profiles.model import MEASURE_COLUMNS, normalise


@dataclass(frozen=True)
class Reading:
    """What one report is read with (see the module docstring)."""

    profile: Profile
    banner_re: re.Pattern[str] = field(init=False)
    code_re: re.Pattern[str] | None = field(init=False)
    markers: frozenset[tuple[str, str]] = field(init=False)
    anchors: tuple[tuple[str, ...], ...] = field(init=False)
    header_words: frozenset[str] = field(init=False)
    footer_re: re.Pattern[str] = field(init=False)

    def __post_init__(self) -> None:
        profile = self.profile
        prefix = re.escape(profile.banner.rstrip(": ").strip()).replace(r"\ ", r"\s+")
        set_ = object.__setattr__
        set_(self, "banner_re", re.compile(rf"^{prefix}\s*:\s*(?P<name>.+)$"))
        pattern = profile.measure_codes
        set_(self, "code_re", None if pattern == "open" else codes.custom_grammar(pattern))
        cell = profile.status_cell
        pairs = (m.split() for m in (cell.quarterly_marker, cell.forecast_marker))
        set_(self, "markers", frozenset((m[0], m[-1].lower()) for m in pairs))
        anchors = [
            tuple(normalise(label).split(" "))
            for name in MEASURE_COLUMNS
            for label in profile.columns.get(name, ())
        ]
        set_(self, "anchors", tuple(sorted(set(anchors), key=len, reverse=True)))
        set_(self, "header_words", profile.header_words())
        fields = "|".join(re.escape(f) for f in profile.footer_fields) or r"(?!)"
        set_(self, "footer_re", re.compile(rf"^(?:{fields})\s*:"))

    @classmethod
    def of(cls, profile: Profile | None = None) -> Reading:
        """The reading of ``profile`` (the default profile when None)."""
        return cls(profile or load_profile())

    @property
    def name(self) -> str:
        return self.profile.name

    def banner(self, line: Line) -> str | None:
        """The directorate a banner line names ('Directorate : People Services'), else None."""
        match = self.banner_re.match(line.text)
        return match.group("name").strip() if match else None

    def split_code(self, details: str) -> tuple[str, str] | None:
        """(code, title) of a Measure Details text, or None when it starts with no code."""
        return codes.split_code(details, self.code_re)

    def starts_with_code(self, details: str) -> bool:
        return self.split_code(details) is not None

    def marker_at(self, tokens: list[str], index: int) -> bool:
        """Whether ``tokens[index - 1 : index + 1]`` is a status cell marker ('Quarterly data')."""
        return index >= 1 and (tokens[index - 1], tokens[index].lower()) in self.markers

    def has_marker(self, line: Line) -> bool:
        """A line with a status cell marker ('Quarterly data') in it."""
        texts = [w.text for w in line.words]
        return any((a, b.lower()) in self.markers for a, b in itertools.pairwise(texts))

    def table_line(self, line: Line) -> bool:
        """Table content: a banner, a row starting with a measure code, a status cell marker."""
        return (
            self.banner(line) is not None
            or self.starts_with_code(line.text)
            or self.has_marker(line)
        )

    def names_report(self, text: str) -> bool:
        """Whether a text names the report ('... Council Scorecard')."""
        lower = text.lower()
        return any(title.lower() in lower for title in self.profile.titles)

    def footer_field(self, text: str) -> bool:
        """A footer field at the start of a text ('Data Source: DORIS')."""
        return bool(self.footer_re.match(text))

    def is_anchor(self, line: Line) -> bool:
        """A line holding a measure column's header label (Measure Details) among header words."""
        words = [normalise(w.text) for w in line.words]
        if not any(_contains(words, anchor) for anchor in self.anchors):
            return False
        known = sum(1 for w in line.words if self.known_word(w.text))
        return known >= 0.6 * len(words)

    def known_word(self, text: str) -> bool:
        """A header word some label of the profile has (split at '/', which labels share)."""
        parts = [p for p in normalise(text).split("/") if p]
        return all(p in self.header_words for p in parts) if parts else "/" in text

    def is_measure_label(self, text: str) -> bool:
        """A cell text that is a measure column's header label (a header repeated in the body)."""
        return tuple(normalise(text).split(" ")) in self.anchors


def _contains(words: list[str], phrase: tuple[str, ...]) -> bool:
    size = len(phrase)
    return any(tuple(words[i : i + size]) == phrase for i in range(len(words) - size + 1))
