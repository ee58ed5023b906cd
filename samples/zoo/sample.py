"""Fixed, small samples of the zoo: the CI sample (one case per axis value) and the bench sample."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from samples.zoo.check import Case, write
from samples.zoo.styles import AXES, BASE, PRODUCERS, supports, with_value

# Styles that read exactly with the current extractor, on the full real report, for the bench.
BENCH_STYLES = (BASE, replace(BASE, rulings="horizontal", palette="office", page_size="A3"))
# Axis values the CI sample shows with every producer (each draws them its own way).
EVERY_PRODUCER = (
    ("columns", "narrow-status"),
    ("back", "notes"),
    ("hyphen_wrap", "on"),
    ("superscripts", "on"),
    ("status_display", "colour-only"),
)

# Whole-matrix cases worth keeping in CI: minimal styles of renderings `make zoo` found hard.
HARD_CASES = (
    # WeasyPrint leaves a row's first part at the page foot with only its fills and direction
    "weasyprint:mini:font=liberation-narrow,letter_spacing=wide,columns=alt,page_size=A3,row_split=split",
)


def ci_sample() -> list[Case]:
    """The base style per producer, then every non-base axis value once, producers in turn
    (the values in `EVERY_PRODUCER` with every producer)."""
    cases = [Case(p) for p in PRODUCERS]
    turn = 0
    for axis, values in AXES.items():
        for value in values[1:]:
            style = with_value(axis, value)
            if (axis, value) in EVERY_PRODUCER:
                cases += [Case(p, style) for p in PRODUCERS if supports(p, style)]
                continue
            for _ in PRODUCERS:
                producer = PRODUCERS[turn % len(PRODUCERS)]
                turn += 1
                if supports(producer, style):
                    cases.append(Case(producer, style))
                    break
    return cases + [Case.parse(name) for name in HARD_CASES]


def bench_cases() -> list[Case]:
    """Every producer, the full real report, in the bench styles."""
    return [Case(p, s, "real") for p in PRODUCERS for s in BENCH_STYLES]


def bench_sample(out: Path | None = None) -> list[Path]:
    """Write the bench sample's PDFs (default `.scorecard/zoo/bench`) and return their paths."""
    out = out or Path(__file__).resolve().parents[2] / ".scorecard" / "zoo" / "bench"
    return [write(case, out)[0] for case in bench_cases()]
