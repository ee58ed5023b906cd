"""Discovery rules of a sources file: how to find a quarter's report on a council's site.

    discover:
      index: https://democracy.example.gov.uk/ieListMeetings.aspx?CId=130&Year={fy_end}
      follow:                       # pages between the index and the documents, in order
        - href: 'ieListDocuments\\.aspx\\?CId=130&MId=\\d+'
      document:                     # the report's link on the last page(s)
        text: 'Council Scorecard.*Q{quarter} {financial_year}'
        href: '\\.pdf$'
      reissue: 're-?issued|revised'  # link text of a later version of the same report
      max_kb: 2048                  # each page's size cap
      max_pages: 40                 # pages followed at most, over all steps

``text`` and ``href`` are regular expressions (``re.search``, case-insensitive; the link text
with its spaces collapsed, the href made absolute against its page); ``{placeholder}`` is a
quarter field of the sources file (inserted literally), every other brace is the regex's own.
A step needs ``text`` or ``href`` or both. :class:`DiscoveryRuleError` names the file and rule.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scorecard.errors import ConfigurationError

_RULE_KEYS = {"text", "href"}
_KEYS = {"index", "follow", "document", "reissue", "max_kb", "max_pages"}
_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")


class DiscoveryRuleError(ConfigurationError):
    """A discovery rule is malformed, or matches nothing or too much where it must not."""


@dataclass(frozen=True)
class LinkRule:
    """Which links a step picks: link text and/or href patterns (quarter placeholders in)."""

    text: str | None = None
    href: str | None = None

    def compiled(self, fields: dict[str, str]) -> tuple[re.Pattern[str] | None, ...]:
        """The text and href patterns with the quarter's fields filled in."""
        return tuple(
            None if pattern is None else re.compile(fill(pattern, fields), re.IGNORECASE)
            for pattern in (self.text, self.href)
        )

    def describe(self) -> str:
        parts = [
            f"text ~ {self.text!r}" if self.text else "",
            f"href ~ {self.href!r}" if self.href else "",
        ]
        return " and ".join(p for p in parts if p)


@dataclass(frozen=True)
class Discovery:
    """A chain of pages from an index to the report's link (see the module docstring)."""

    index: str
    follow: tuple[LinkRule, ...]
    document: LinkRule
    reissue: str | None = None
    max_bytes: int = 2 * 1024 * 1024
    max_pages: int = 40


def fill(pattern: str, fields: dict[str, str]) -> str:
    """A pattern with each ``{field}`` replaced by the field's value, escaped."""
    return _PLACEHOLDER.sub(
        lambda m: re.escape(fields[m.group(1)]) if m.group(1) in fields else m.group(0), pattern
    )


def _pattern(value: Any, where: str, path: Path, names: frozenset[str]) -> str:
    if not isinstance(value, str) or not value.strip():
        raise DiscoveryRuleError(f"{path}: {where}: expected a regular expression, got {value!r}")
    sample = {name: "x" for name in names}
    try:
        re.compile(fill(value, sample))
    except re.error as exc:
        raise DiscoveryRuleError(
            f"{path}: {where}: not a regular expression ({exc}): {value!r}"
        ) from None
    return value


def _rule(value: Any, where: str, path: Path, names: frozenset[str]) -> LinkRule:
    if not isinstance(value, dict) or not value:
        raise DiscoveryRuleError(f"{path}: {where}: expected a mapping with 'text' and/or 'href'")
    unknown = sorted(set(map(str, value)) - _RULE_KEYS)
    if unknown:
        raise DiscoveryRuleError(
            f"{path}: {where}: unknown key(s) {', '.join(unknown)}; expected text and/or href"
        )
    return LinkRule(
        *(
            _pattern(value[k], f"{where}.{k}", path, names) if k in value else None
            for k in ("text", "href")
        )
    )


def _positive(value: Any, where: str, path: Path, default: int) -> int:
    if value is None:
        return default
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise DiscoveryRuleError(
            f"{path}: {where}: expected a positive whole number, got {value!r}"
        )
    return value


def parse_discovery(data: Any, path: Path, names: frozenset[str] = frozenset()) -> Discovery:
    """Check a ``discover`` entry (``names``: the quarter placeholders a pattern may use)."""
    if not isinstance(data, dict):
        raise DiscoveryRuleError(
            f"{path}: discover: expected a mapping with 'index' and 'document'"
        )
    unknown = sorted(set(map(str, data)) - _KEYS)
    if unknown:
        raise DiscoveryRuleError(
            f"{path}: discover: unknown key(s) {', '.join(unknown)}; expected {', '.join(sorted(_KEYS))}"
        )
    index = data.get("index")
    if not isinstance(index, str) or not re.match(r"^https?://", index):
        raise DiscoveryRuleError(f"{path}: discover.index: expected an http(s) URL, got {index!r}")
    for name in _PLACEHOLDER.findall(index):
        if names and name not in names:
            raise DiscoveryRuleError(f"{path}: discover.index: unknown placeholder {{{name}}}")
    if "document" not in data:
        raise DiscoveryRuleError(f"{path}: discover: expected a 'document' rule")
    follow = data.get("follow") or []
    if not isinstance(follow, list):
        raise DiscoveryRuleError(f"{path}: discover.follow: expected a list of rules")
    reissue = data.get("reissue")
    return Discovery(
        index=index,
        follow=tuple(_rule(r, f"discover.follow[{i}]", path, names) for i, r in enumerate(follow)),
        document=_rule(data["document"], "discover.document", path, names),
        reissue=None if reissue is None else _pattern(reissue, "discover.reissue", path, names),
        max_bytes=_positive(data.get("max_kb"), "discover.max_kb", path, 2048) * 1024,
        max_pages=_positive(data.get("max_pages"), "discover.max_pages", path, 40),
    )
