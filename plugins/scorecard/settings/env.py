"""The environment variables the project reads, each declared once: name, default, meaning.

Each concern's module (:mod:`.project`, :mod:`.warehouse`, :mod:`.limits`, :mod:`.schedule`,
:mod:`.runtime`) declares its settings here and reads them only through :class:`Setting`, so
:data:`SETTINGS` is the complete list: the README's settings tables are printed from it
(``scorecard settings --markdown``) and a test holds the two equal.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from scorecard.errors import ConfigurationError

GROUPS = {
    "configuration": "where the warehouse, the landing area and local state live",
    "limits": "bounds on the work one report may cause",
    "schedule": "how the DAGs are scheduled, wait and retry",
    "airflow": "where Airflow's API server and log servers listen",
    "sessions": "how long warehouse sessions may wait, run or sit idle",
    "operators": "who is told when a quarter needs a person, and where lineage goes",
}
"""Each group of settings and what it covers; the README has one table per group."""


class SettingError(ConfigurationError):
    """A setting's value cannot be used; the message names the variable and what it expects."""


@dataclass(frozen=True)
class Setting:
    """One environment variable: its name, its default (``None``: unset or computed) and doc.

    ``shown`` is the default as the docs show it when it is computed at run time (a path under
    the home, a port chosen per home); a literal default is shown as itself.
    """

    name: str
    default: str | None
    doc: str
    group: str
    shown: str | None = None

    def raw(self) -> str | None:
        """The value set in the environment, stripped; ``None`` when unset or blank."""
        value = os.environ.get(self.name, "").strip()
        return value or None

    def text(self, fallback: str | None = None) -> str:
        """The value set, else the default, else ``fallback`` (a default computed by the caller)."""
        value = self.raw() or self.default or fallback
        if value is None:
            raise SettingError(f"{self.name} is not set and has no default")
        return value

    def integer(self) -> int:
        """The value as a whole number; a value that is not one names the variable."""
        return int(self._parsed(int, "a whole number"))

    def number(self) -> float:
        """The value as a number; a value that is not one names the variable."""
        return float(self._parsed(float, "a number"))

    def _parsed(self, parse: type[int] | type[float], what: str) -> float:
        text = self.text()
        try:
            return parse(text)
        except ValueError:
            raise SettingError(f"{self.name}={text!r}: expected {what}") from None

    @property
    def default_shown(self) -> str:
        """The default as a README cell."""
        if self.shown is not None:
            return self.shown
        return f"`{self.default}`" if self.default is not None else "(unset)"


EXPORTED: dict[str, str] = {}
"""What :func:`apply_runtime_environment` exported into this process: derived, not set by a
person, so a later change of the project's setting is not taken for a disagreement."""


def airflows_own(key: str) -> str | None:
    """Airflow's own variable as a person set it (None when unset or exported by us)."""
    value = os.environ.get(key, "").strip()
    return value if value and EXPORTED.get(key) != value else None


def agreed(setting: Setting, key: str, follows: str = "every process follows it") -> str | None:
    """The project's setting, else Airflow's own variable for the same thing; both set and
    different is refused, naming the project's setting (never silently one of them)."""
    ours, theirs = setting.raw(), airflows_own(key)
    if ours and theirs and ours.rstrip("/") != theirs.rstrip("/"):
        raise SettingError(
            f"{key}={theirs} disagrees with {setting.name}={ours}: set {setting.name} only "
            f"({follows})"
        )
    return ours or theirs


SETTINGS: dict[str, Setting] = {}
"""Every setting, by variable name, in the order they are declared."""


def declare(
    name: str, default: str | None, doc: str, *, group: str, shown: str | None = None
) -> Setting:
    """Register one setting (once) and return it for its module to read."""
    if name in SETTINGS:
        raise ValueError(f"{name} is declared twice")
    if group not in GROUPS:
        raise ValueError(f"{name}: unknown settings group {group!r}")
    setting = Setting(name, default, doc, group, shown)
    SETTINGS[name] = setting
    return setting


def markdown(group: str) -> str:
    """The README table of one group: variable, default, meaning; one row per setting."""
    rows = [
        f"| `{s.name}` | {s.default_shown} | {s.doc} |"
        for s in SETTINGS.values()
        if s.group == group
    ]
    return "\n".join(["| variable | default | meaning |", "|---|---|---|", *rows])
