"""A second, synthetic council: the tests' proof that two councils in one warehouse never mix.

    uv run python -m samples.councils [--out DIR]

"Northfield Borough Council" is made up. Its four reports (the quarters of 2017/18) are drawn
in the sample generator's `alt` style from the Derby samples' 2016/17 figures moved on a year,
with the last few measures of each quarter left out. So the two councils share measure codes
and quarters but never a figure: any join that forgets the council shows as a wrong number.
Written to `samples/councils/northfield/`, committed, byte-identical on rerun.
"""

from __future__ import annotations

import argparse
from dataclasses import replace
from datetime import date
from pathlib import Path

from samples.corpus import all_reports
from samples.generate import write_report
from samples.model import Report
from samples.render import STYLES

NAME = "Northfield Borough Council"
PREFIX = "northfield"
DEFAULT_OUT = Path(__file__).resolve().parent / "councils" / PREFIX
DROPPED = 3  # measures left out at the end of each report


def _year_on(day: date) -> date:
    return day.replace(year=day.year + 1)


def northfield_reports() -> list[Report]:
    """The second council's reports: Derby's 2016/17 quarters, a year on, shortened."""
    first_year = [r for r in all_reports() if not r.suffix][:4]
    return [
        replace(
            r,
            period_end=_year_on(r.period_end),
            time_fetched=r.time_fetched.replace(year=r.time_fetched.year + 1),
            measures=r.measures[:-DROPPED],
            council=NAME,
            file_prefix=PREFIX,
        )
        for r in first_year
    ]


def generate(out: Path = DEFAULT_OUT) -> list[Path]:
    """Write the second council's reports and truth files into ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    return [write_report(r, STYLES["alt"], out) for r in northfield_reports()]


def main(argv: list[str] | None = None) -> None:
    """Command line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    for path in generate(parser.parse_args(argv).out):
        print(path)


if __name__ == "__main__":
    main()
