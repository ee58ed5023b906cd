"""Every error the pipeline raises on purpose, under one root, sorted by what should happen next.

Each error class belongs to one :class:`Category`, and the category alone decides what follows:
whether an Airflow task retries it, skips or fails at once, and which exit code a ``scorecard``
command ends with (``scorecard.cli.exits``). The classes of each stage subclass one of the bases
below, so a new error states its category once, where it is defined; nothing matches class
names or blanket built-in exceptions.

This module imports nothing of the project: every stage may import it.
"""

from __future__ import annotations

from enum import Enum


class Category(Enum):
    """What happens when an error of this category ends a step.

    ``retried``: a task retries it (with backoff); otherwise it fails, or skips, at once.
    ``skipped``: not a failure: the step has nothing (more) to do and its task is skipped.
    ``exit_code``: what a ``scorecard`` command exits with (the README's table).
    """

    BAD_INPUT = ("bad input", False, False, 2)
    """Wrong usage, or an input file or quarter that cannot be read as given."""
    CONFIGURATION = ("configuration", False, False, 4)
    """A setting, a secret file, ``sources.yml`` or a layout profile is wrong: a person fixes it."""
    UNREACHABLE = ("warehouse unreachable", True, False, 4)
    """The warehouse cannot be started or reached, or refuses the login: retried in a task."""
    REFUSED = ("report refused", False, False, 1)
    """The report itself is wrong: not a PDF, unreadable, not the scorecard, failing validation,
    content that is not its file's, or a source that refuses it (a 4xx)."""
    RESOURCE_LIMIT = ("resource limit", False, False, 5)
    """The report would need more than a limit allows (size, pages, glyphs, memory, time)."""
    TRANSIENT = ("transient", True, False, 1)
    """A fault a later try may not meet: a server's 5xx or timeout, a lock held too long."""
    FAILED = ("failed", False, False, 1)
    """A step that ran and failed for a reason no retry changes: a dbt test kept a build out of
    the marts, a run that ended failed."""
    NOT_PUBLISHED = ("not published yet", False, True, 3)
    """The quarter's report is not published yet: the sensor waits and looks again."""
    NOT_AVAILABLE = ("not available", False, True, 3)
    """The quarter's report was due so long ago that it is no longer waited for."""

    def __init__(self, label: str, retried: bool, skipped: bool, exit_code: int) -> None:
        self.label = label
        self.retried = retried
        self.skipped = skipped
        self.exit_code = exit_code


class ScorecardError(Exception):
    """The root of every error the pipeline raises on purpose; its message is one line a
    person can act on (which file, setting or rule, and what to do)."""

    category: Category = Category.FAILED

    def category_of(self) -> Category:
        """This error's category (an instance may refine its class's, e.g. by HTTP status)."""
        return self.category


class BadInput(ScorecardError):
    category = Category.BAD_INPUT


class ConfigurationError(ScorecardError):
    category = Category.CONFIGURATION


class Unreachable(ScorecardError):
    category = Category.UNREACHABLE


class Refused(ScorecardError):
    category = Category.REFUSED


class LimitExceeded(ScorecardError):
    category = Category.RESOURCE_LIMIT


class TransientError(ScorecardError):
    category = Category.TRANSIENT


class StepFailed(ScorecardError):
    category = Category.FAILED


class NotAvailable(ScorecardError):
    category = Category.NOT_AVAILABLE


def category_of(error: BaseException) -> Category | None:
    """The category of a project error; None for anything else (a bug, or a library's error
    that no stage turned into one of ours)."""
    return error.category_of() if isinstance(error, ScorecardError) else None
