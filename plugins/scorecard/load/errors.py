"""Why a report was not loaded: typed errors whose one-line message names the file and reason."""

from __future__ import annotations

from scorecard.errors import Refused, TransientError


class LoadError(Refused):
    """A report could not be loaded; the message names the file and the reason."""


class NotValidated(LoadError):
    """The report has no successful validation run, so it is not loaded."""


class ContentMismatch(LoadError):
    """The extraction does not belong to the landed file it claims (sha256 differs)."""


class QuarterBusy(TransientError):
    """Another load of the same quarter held its lock past ``lock_timeout``; a retry loads it."""
