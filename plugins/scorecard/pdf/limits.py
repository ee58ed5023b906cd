"""The error a report gets when it would need more than a limit allows (the limits themselves
are settings: :class:`scorecard.settings.limits.Limits`)."""

from __future__ import annotations

from pathlib import Path

from scorecard.errors import Category
from scorecard.extract.errors import ExtractionError
from scorecard.settings.limits import SETTING_NAMES, describe


class ResourceLimit(ExtractionError):
    """A report would need more than a limit allows; it was refused and nothing was kept.

    An extraction error (a refused report) whose category is the resource limit.

    ``limit`` is the :class:`Limits` field, ``cap`` its value, ``what`` what passed it.
    """

    category = Category.RESOURCE_LIMIT

    def __init__(self, path: str | Path, limit: str, cap: float, what: str) -> None:
        self.limit = limit
        self.cap = cap
        self.what = what
        super().__init__(
            path, f"at most {describe(limit, cap)} ({SETTING_NAMES.get(limit, limit)})"
        )

    def _message(self) -> str:
        setting = SETTING_NAMES.get(self.limit, self.limit)
        return (
            f"{self.path}: refused: {self.what}, over the limit {self.limit} of "
            f"{describe(self.limit, self.cap)} (set by {setting}); nothing was kept"
        )

    def to_dict(self) -> dict[str, object]:
        return {"path": self.path, "limit": self.limit, "cap": self.cap, "what": self.what}
