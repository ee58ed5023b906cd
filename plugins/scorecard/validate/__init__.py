"""Validate one extraction against the committed Great Expectations suite.

:func:`validate_extraction` (:mod:`.run`) builds the measures table (:mod:`.frame`), runs the
suite through a cached GX context (:mod:`.gx_runner`), records the run and returns a
:class:`ValidationSummary` or raises :class:`ValidationFailed` (:mod:`.results`). Importing this
package is cheap: pandas and Great Expectations load on the first validation.
"""

from __future__ import annotations

from scorecard.validate.results import FailedExpectation, ValidationFailed, ValidationSummary
from scorecard.validate.run import validate_extraction

__all__ = [
    "FailedExpectation",
    "ValidationFailed",
    "ValidationSummary",
    "validate_extraction",
]
