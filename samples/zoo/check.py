"""Render a zoo case, extract it with the product's extractor, and judge the result.

Every rendering is faithful, so the only good outcome is the exact expected extraction
("exact"). A typed `ExtractionError` is a refusal ("refused": safe, but a faithful report should
not be refused). Anything else - different data, or an untyped exception - is "WRONG".
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from samples.zoo.produce import Rendering, render
from samples.zoo.styles import (
    BASE,
    PRODUCERS,
    ZooStyle,
    mixed_styles,
    one_axis_styles,
    parse_label,
    supports,
)
from scorecard.extract import ExtractionError, extract_report

EXACT, REFUSED, WRONG = "exact", "refused", "WRONG"
MIXED_SEED = 20180331


@dataclass(frozen=True)
class Case:
    """One rendering of the zoo: a producer, a report and a style."""

    producer: str
    style: ZooStyle = BASE
    report: str = "mini"

    @property
    def name(self) -> str:
        """ "producer:report:label", the form `python -m samples.zoo --case` takes."""
        return f"{self.producer}:{self.report}:{self.style.label()}"

    @classmethod
    def parse(cls, name: str) -> Case:
        producer, report, label = name.split(":", 2)
        return cls(producer, parse_label(label), report)

    @property
    def filename(self) -> str:
        """A file name for the rendering (hashed when the label is long)."""
        slug = re.sub(r"[^A-Za-z0-9.=,-]+", "", self.style.label()).replace(",", "_")
        if len(slug) > 80:
            slug = "mixed-" + hashlib.sha256(slug.encode()).hexdigest()[:10]
        return f"{self.producer}-{self.report}-{slug}.pdf"


@dataclass(frozen=True)
class Outcome:
    """How the extractor did on one case."""

    case: Case
    kind: str  # EXACT, REFUSED or WRONG
    detail: str
    path: Path


def differences(expected: dict[str, Any], got: dict[str, Any], limit: int = 6) -> list[str]:
    """Field-by-field differences (only fields the truth defines), at most `limit` of them."""
    found = [
        f"report.{k}: got {got['report'].get(k)!r}, want {v!r}"
        for k, v in expected["report"].items()
        if got["report"].get(k) != v
    ]
    want, have = expected["measures"], got["measures"]
    if [m["measure_code"] for m in want] != [m["measure_code"] for m in have]:
        found.append(
            f"measures: got {[m['measure_code'] for m in have]}, "
            f"want {[m['measure_code'] for m in want]}"
        )
    for w, h in zip(want, have, strict=False):
        for key, value in w.items():
            if h.get(key) != value:
                found.append(f"{w['measure_code']}.{key}: got {h.get(key)!r}, want {value!r}")
    return [_clip(line) for line in found[:limit]] + (
        [f"... {len(found) - limit} more"] if len(found) > limit else []
    )


def _clip(text: str, width: int = 400) -> str:
    return text if len(text) <= width else text[: width - 3] + "..."


def write(case: Case, out: Path) -> tuple[Path, Rendering]:
    """Render a case into `out`; return its path and rendering."""
    rendering = render(case.producer, case.style, case.report)
    out.mkdir(parents=True, exist_ok=True)
    path = out / case.filename
    path.write_bytes(rendering.pdf)
    return path, rendering


def judge(path: Path, expected: dict[str, Any]) -> tuple[str, str]:
    """(kind, detail) of extracting `path` against the expected extraction."""
    try:
        got = extract_report(path).to_dict()
    except ExtractionError as error:
        return REFUSED, str(error)
    except Exception as error:
        return WRONG, f"untyped {type(error).__name__}: {error}"
    diffs = differences(expected, got)
    return (WRONG, "; ".join(diffs)) if diffs else (EXACT, "")


def check(case: Case, out: Path) -> Outcome:
    """Render, extract and judge one case."""
    path, rendering = write(case, out)
    kind, detail = judge(path, rendering.expected())
    return Outcome(case, kind, detail, path)


def matrix() -> list[Case]:
    """The whole zoo: every axis value on its own and mixed styles, per producer, on the mini
    report; the base style on the full real report and on the one with continued cells."""
    styles = one_axis_styles() + mixed_styles(8, MIXED_SEED)
    cases = [Case(p, s) for p in PRODUCERS for s in styles if supports(p, s)]
    for report in ("real", "continued"):
        cases += [Case(p, BASE, report) for p in PRODUCERS]
    return cases
