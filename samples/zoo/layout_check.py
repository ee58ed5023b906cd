"""The zoo's table layouts: render each with each producer, read it with its profile, judge it.

A layout whose meaning the profile declares must extract exactly ("exact"); one with a column
or a word it does not declare must be refused with the typed error naming it ("refused", the
right answer there). Anything else is "WRONG": different data, an untyped failure, data read
from a layout that should have been refused, or a refusal of a layout that should read.
`COMMITTED` are renderings kept in the repository (`samples/zoo/rendered/`) with their truth,
so the tests read the office producers' output without LibreOffice.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from samples.zoo.check import EXACT, REFUSED, WRONG, differences
from samples.zoo.content import content, reports
from samples.zoo.layouts import LAYOUTS, TableLayout, expected
from scorecard.extract import ExtractionError, extract_report
from scorecard.extract.errors import UnknownHeader, UnknownWord
from scorecard.profiles import Profile, load_profile

LAYOUT_PRODUCERS = ("weasyprint", "lo-writer", "lo-calc")
RENDERED = Path(__file__).resolve().parent / "rendered"
COMMITTED = tuple(f"{p}:{name}" for p in ("lo-writer", "lo-calc") for name in LAYOUTS)
"""Office renderings kept in the repository (every layout, both office producers)."""


@dataclass(frozen=True)
class LayoutCase:
    """One layout drawn by one producer."""

    producer: str
    layout: str

    @property
    def name(self) -> str:
        return f"{self.producer}:{self.layout}"

    @property
    def table(self) -> TableLayout:
        return LAYOUTS[self.layout]

    def profile(self) -> Profile:
        return load_profile(self.table.profile, self.table.profile_dirs())

    @classmethod
    def parse(cls, name: str) -> LayoutCase:
        producer, layout = name.split(":", 1)
        if producer not in LAYOUT_PRODUCERS or layout not in LAYOUTS:
            raise ValueError(f"unknown layout case {name!r}")
        return cls(producer, layout)


@dataclass(frozen=True)
class LayoutOutcome:
    case: LayoutCase
    kind: str
    detail: str
    path: Path


def render(case: LayoutCase, out: Path) -> tuple[Path, dict[str, Any]]:
    """Draw the case into ``out``; its PDF and the exact extraction it must give."""
    out.mkdir(parents=True, exist_ok=True)
    layout = case.table
    if case.producer == "weasyprint":
        from samples.zoo import tables
        from samples.zoo.styles import BASE

        report = content(reports()["mini"], BASE)
        pdf, pages_of, count = tables.render(report, layout)
    else:
        from samples.zoo import calc, office, writer

        report = content(reports()["mini"], office.STYLE)
        module = writer if case.producer == "lo-writer" else calc
        work = out / case.producer
        work.mkdir(parents=True, exist_ok=True)
        pdf = office.convert(module.document(report, layout, work), work)
        pages_of, count = office.pages_of(pdf, report, layout)
    path = out / f"{case.producer}-{case.layout}.pdf"
    path.write_bytes(pdf)
    return path, expected(report, layout, pages_of, count, pdf)


def judge(case: LayoutCase, path: Path, truth: dict[str, Any]) -> tuple[str, str]:
    """(kind, detail) of reading ``path`` with the case's profile."""
    refuse = case.table.outcome == REFUSED
    try:
        got = extract_report(path, case.profile()).to_dict()
    except (UnknownHeader, UnknownWord) as error:
        return REFUSED, str(error)
    except ExtractionError as error:
        why = "not for its unknown column or word: " if refuse else ""
        return REFUSED, f"{why}{error}"
    except Exception as error:
        return WRONG, f"untyped {type(error).__name__}: {error}"
    if refuse:
        return WRONG, "read although a column or word is unknown to its profile"
    diffs = differences(truth, got)
    if not diffs and got["measures"] and "extras" in truth["measures"][0]:
        extras = [m.get("extras") for m in got["measures"]]
        diffs = [] if extras == [m["extras"] for m in truth["measures"]] else [f"extras {extras}"]
    return (WRONG, "; ".join(diffs)) if diffs else (EXACT, "")


def check(case: LayoutCase, out: Path) -> LayoutOutcome:
    path, truth = render(case, out)
    kind, detail = judge(case, path, truth)
    return LayoutOutcome(case, kind, detail, path)


def committed(case: LayoutCase) -> tuple[Path, dict[str, Any]]:
    """A rendering kept in the repository and its truth."""
    stem = RENDERED / f"{case.producer}-{case.layout}"
    return stem.with_suffix(".pdf"), json.loads(
        stem.with_suffix(".json").read_text(encoding="utf-8")
    )


def write_committed(out: Path = RENDERED) -> list[Path]:
    """Render the committed cases again (needs LibreOffice) with their truth beside each."""
    written = []
    for name in COMMITTED:
        case = LayoutCase.parse(name)
        path, truth = render(case, out)
        path.with_suffix(".json").write_text(json.dumps(truth, indent=1, ensure_ascii=False) + "\n")
        written.append(path)
    for leftover in out.iterdir():
        if leftover.is_dir():
            for item in leftover.iterdir():
                item.unlink()
            leftover.rmdir()
    return written


def matrix() -> list[LayoutCase]:
    return [LayoutCase(p, name) for p in LAYOUT_PRODUCERS for name in LAYOUTS]
