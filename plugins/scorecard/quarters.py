"""Financial quarters of a UK council (April to March), the unit of everything in the pipeline.

One report, one Airflow run and one ``period_end`` per quarter. Every date-to-quarter
calculation lives here (``marts.dim_quarter`` is tested against it). :meth:`Quarter.parse`
reads a period end (``2018-03-31``), a code (``2017Q4``: the year the financial year starts,
then the quarter) or a label (``Q4 2017/18``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from scorecard.errors import BadInput

QUARTER_END_MONTH_DAY: dict[int, tuple[int, int]] = {
    1: (6, 30),
    2: (9, 30),
    3: (12, 31),
    4: (3, 31),
}
"""Quarter number -> (month, day) of its last day."""

_CODE = re.compile(r"^(?P<year>\d{4})\s*[Qq](?P<q>[1-4])$")
_LABEL = re.compile(
    r"^(?:[Qq](?P<q1>[1-4])\s+(?P<fy1>\d{4})\s*[/-]\s*(?P<yy1>\d{2}))$"
    r"|^(?:(?P<fy2>\d{4})\s*[/-]\s*(?P<yy2>\d{2})\s+[Qq](?P<q2>[1-4]))$"
)
_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class QuarterError(BadInput):
    """A text or date that is not a financial quarter; the message says what was expected."""


@dataclass(frozen=True, order=True)
class Quarter:
    """One financial quarter, ordered in time; ``fy_start`` is the year the financial year starts."""

    fy_start: int
    number: int

    def __post_init__(self) -> None:
        if self.number not in QUARTER_END_MONTH_DAY:
            raise QuarterError(f"quarter number must be 1-4, got {self.number}")
        if not 1 <= self.fy_start <= 9998:
            raise QuarterError(f"financial year start out of range: {self.fy_start}")

    # -- construction -------------------------------------------------------------------------
    @classmethod
    def containing(cls, day: date) -> Quarter:
        """The quarter a calendar day falls in (a ``datetime`` is taken by its date)."""
        month = day.month
        if month >= 4:
            return cls(day.year, (month - 4) // 3 + 1)
        return cls(day.year - 1, 4)

    @classmethod
    def from_period_end(cls, day: date) -> Quarter:
        """The quarter ending on ``day``; raises :class:`QuarterError` if it is not a quarter end."""
        if not is_quarter_end(day):
            raise QuarterError(
                f"{day.isoformat()} is not a quarter end "
                "(expected 30 June, 30 September, 31 December or 31 March)"
            )
        return cls.containing(day)

    @classmethod
    def from_ordinal(cls, ordinal: int) -> Quarter:
        """Inverse of :attr:`ordinal`."""
        return cls(ordinal // 4, ordinal % 4 + 1)

    @classmethod
    def parse(cls, text: str) -> Quarter:
        """Read ``2018-03-31``, ``2017Q4``, ``Q4 2017/18`` or ``2017/18 Q4`` (see module doc)."""
        value = text.strip()
        if _ISO.match(value):
            try:
                day = date.fromisoformat(value)
            except ValueError as exc:
                raise QuarterError(f"{text!r} is not a valid date: {exc}") from None
            return cls.from_period_end(day)
        if match := _CODE.match(value):
            return cls(int(match["year"]), int(match["q"]))
        if match := _LABEL.match(value):
            fy = match["fy1"] or match["fy2"]
            yy = match["yy1"] or match["yy2"]
            q = match["q1"] or match["q2"]
            if (int(fy) + 1) % 100 != int(yy):
                raise QuarterError(
                    f"{text!r}: financial year {fy}/{yy} is not two consecutive years "
                    f"(expected {fy}/{(int(fy) + 1) % 100:02d})"
                )
            return cls(int(fy), int(q))
        raise QuarterError(
            f"{text!r} is not a quarter: expected a period end like 2018-03-31, "
            "a code like 2017Q4 (financial year starting 2017, quarter 4) or a label like Q4 2017/18"
        )

    # -- fields ---------------------------------------------------------------------------------
    @property
    def period_end(self) -> date:
        """Last day of the quarter (the report's "period end")."""
        month, day = QUARTER_END_MONTH_DAY[self.number]
        year = self.fy_start + 1 if self.number == 4 else self.fy_start
        return date(year, month, day)

    @property
    def period_start(self) -> date:
        """First day of the quarter (the day after the previous quarter's end)."""
        end = self.period_end
        return date(end.year, end.month - 2, 1)

    @property
    def financial_year(self) -> str:
        """``2017/18`` style."""
        return f"{self.fy_start}/{(self.fy_start + 1) % 100:02d}"

    @property
    def label(self) -> str:
        """``Q4 2017/18`` style, as printed in reports."""
        return f"Q{self.number} {self.financial_year}"

    @property
    def code(self) -> str:
        """``2017Q4`` style, as taken by ``--quarter``/``--from``/``--to``."""
        return f"{self.fy_start}Q{self.number}"

    @property
    def ordinal(self) -> int:
        """A running number: consecutive quarters differ by one."""
        return self.fy_start * 4 + self.number - 1

    # -- arithmetic -------------------------------------------------------------------------------
    def shift(self, quarters: int) -> Quarter:
        """The quarter ``quarters`` later (earlier when negative)."""
        return Quarter.from_ordinal(self.ordinal + quarters)

    def next(self) -> Quarter:
        return self.shift(1)

    def previous(self) -> Quarter:
        return self.shift(-1)

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.period_start <= _as_date(day) <= self.period_end

    def __str__(self) -> str:
        return self.label


def _as_date(day: date) -> date:
    """A ``datetime`` is a ``date`` subclass; compare by its calendar day."""
    return date(day.year, day.month, day.day)


def is_quarter_end(day: date) -> bool:
    """True for 30 June, 30 September, 31 December and 31 March."""
    return (day.month, day.day) in QUARTER_END_MONTH_DAY.values()


def quarter_range(first: Quarter, last: Quarter) -> Iterator[Quarter]:
    """Every quarter from ``first`` to ``last``, both included (empty if ``last`` is earlier)."""
    for ordinal in range(first.ordinal, last.ordinal + 1):
        yield Quarter.from_ordinal(ordinal)


def parse_period_end(text: str) -> date:
    """The period end of any text :meth:`Quarter.parse` accepts."""
    return Quarter.parse(text).period_end
