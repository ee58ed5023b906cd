"""Find a quarter's report on a council's committee site by following its links.

From the index page (a committee's meeting list, or a "performance" page listing PDFs), each
``follow`` rule picks the links to the next pages (the meetings), and the ``document`` rule the
report's link on the last pages (:mod:`scorecard.ingest.rules`). Every page is fetched through
the same guarded exchange as the reports (:func:`scorecard.ingest.fetch.http.exchange`): https
only unless the sources file allows http, every redirect hop checked, public addresses only, a
deadline, and a size cap on each page (``max_kb``); relative links resolve against their page.

The outcome for a quarter: its report's links in issue order (a link whose text matches
``reissue`` is a later version of the one without), each with where it was found (the index
page, the page that linked it, the link's text); or :class:`NotPublished` when no page links it
yet (the sensor waits); or a typed error: :class:`AmbiguousReport` when two different links
match (listing them; nothing is fetched), :class:`DiscoveryRuleError` when a ``follow`` rule
matches nothing (the rule no longer fits the site), ``TooLarge`` for a page over its cap.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit, urlunsplit

import httpx

from scorecard.ingest.fetch.encoding import decoded
from scorecard.ingest.fetch.errors import Refused, TooLarge
from scorecard.ingest.fetch.http import CHUNK, Policy, exchange, status_kind
from scorecard.ingest.fetch.results import FetchOptions, NotPublished
from scorecard.ingest.rules import Discovery, DiscoveryRuleError, LinkRule
from scorecard.quarters import Quarter

MAX_LINKS = 5000
"""Links read from one page at most (a page within its size cap has far fewer)."""


class AmbiguousReport(DiscoveryRuleError):
    """Two or more different links match a quarter's report; none is fetched."""


@dataclass(frozen=True)
class Link:
    """A link on a page: its absolute URL, its text (spaces collapsed) and the page."""

    url: str
    text: str
    page: str


@dataclass(frozen=True)
class Found:
    """A quarter's report links, versions in issue order, and where each was found."""

    links: tuple[Link, ...]
    index: str

    @property
    def urls(self) -> list[str]:
        return [link.url for link in self.links]

    def details(self, url: str) -> dict[str, str]:
        """How the report at ``url`` was found (kept with the report: ``source_details``)."""
        link = next(link for link in self.links if link.url == url)
        return {
            "found_by": "discovery",
            "index_url": self.index,
            "page_url": link.page,
            "link_text": link.text,
        }


class _Links(HTMLParser):
    """The ``<a href>`` links of a page with their text, and its ``<base href>``."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.base: str | None = None
        self.links: list[tuple[str, str]] = []
        self._open: list[tuple[str, list[str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "base" and self.base is None and values.get("href"):
            self.base = values["href"]
        elif tag == "a" and values.get("href") and len(self.links) < MAX_LINKS:
            self._open.append((str(values["href"]), []))

    def handle_data(self, data: str) -> None:
        for _, texts in self._open:
            texts.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._open:
            href, texts = self._open.pop()
            self.links.append((href, " ".join("".join(texts).split())))


def page_links(
    url: str, rule: Discovery, options: FetchOptions, policy: Policy
) -> list[Link] | None:
    """The links of one page (None when it answers 404/410), fetched through the guard."""

    def handle(response: httpx.Response, final: str) -> tuple[str, bytes, str] | None:
        if status_kind(response, final) == "missing":
            return None
        kind = response.headers.get("Content-Type", "")
        if "html" not in kind.lower():
            raise Refused(
                final, "html", f"{final}: refused: expected an HTML page, got {kind[:60]!r}"
            )
        body = bytearray()
        for chunk in decoded(
            response.iter_raw(CHUNK), response.headers.get("Content-Encoding"), final
        ):
            body += chunk
            if len(body) > rule.max_bytes:
                raise TooLarge(
                    final,
                    f"{final}: the page is larger than the discovery cap of {rule.max_bytes // 1024} KB "
                    "(discover.max_kb in the sources file); nothing was fetched",
                )
        return final, bytes(body), kind

    answer = exchange(url, ("GET", {"Accept": "text/html"}), options, policy, handle)
    if answer is None:
        return None
    final, body, kind = answer
    parser = _Links()
    parser.feed(body.decode(_charset(kind), errors="replace"))
    parser.close()
    base = urljoin(final, parser.base) if parser.base else final
    links = []
    for href, text in parser.links:
        absolute = _clean(urljoin(base, href.strip()))
        if urlsplit(absolute).scheme in ("http", "https"):
            links.append(Link(absolute, text, final))
    return links


def _charset(content_type: str) -> str:
    """The page's declared character set, when Python knows it; else UTF-8."""
    match = re.search(r"charset=[\"']?([\w.:-]+)", content_type, re.IGNORECASE)
    if match:
        try:
            return codecs.lookup(match.group(1)).name
        except LookupError:
            pass
    return "utf-8"


def _clean(url: str) -> str:
    """A URL without its fragment (the same document)."""
    parts = urlsplit(url)
    return urlunsplit(parts._replace(fragment=""))


def _matches(link: Link, patterns: tuple[object, ...]) -> bool:
    text, href = patterns
    return (text is None or bool(text.search(link.text))) and (  # type: ignore[attr-defined]
        href is None or bool(href.search(link.url))  # type: ignore[attr-defined]
    )


def discover(
    rule: Discovery,
    quarter: Quarter,
    fields: dict[str, str],
    options: FetchOptions,
    policy: Policy,
) -> Found | NotPublished:
    """The report links of ``quarter`` (see the module docstring)."""
    index = rule.index.format_map(_Literal(fields))
    pages, budget = [index], rule.max_pages
    for number, step in enumerate(rule.follow):
        found = _matching(pages, step, fields, rule, options, policy, budget)
        budget -= len(pages)
        if found is None:
            return _waiting(quarter, index, f"{index} is not there yet")
        if not found:
            raise DiscoveryRuleError(
                f"discover.follow[{number}] ({step.describe()}) matched no link on "
                f"{len(pages)} page(s) from {index}; the rule no longer fits the site"
            )
        pages = list(dict.fromkeys(link.url for link in found))[: max(budget, 0)]
        if not pages:
            raise DiscoveryRuleError(
                f"discover.max_pages ({rule.max_pages}) reached following {index}; narrow "
                "the follow rules or raise max_pages"
            )
    candidates = _matching(pages, rule.document, fields, rule, options, policy, budget)
    if candidates is None:
        return _waiting(quarter, index, f"{index} is not there yet")
    unique = list({link.url: link for link in reversed(candidates)}.values())[::-1]
    if not unique:
        return _waiting(
            quarter,
            index,
            f"no link on {len(pages)} page(s) from {index} matches discover.document "
            f"({rule.document.describe()}) for {quarter.label}",
        )
    reissue = None if rule.reissue is None else LinkRule(text=rule.reissue).compiled(fields)[0]
    later = [link for link in unique if reissue is not None and reissue.search(link.text)]
    first = [link for link in unique if link not in later]
    if len(first) > 1 or (not first and len(later) > 1):
        listed = "; ".join(f"{link.text!r} {link.url} (on {link.page})" for link in unique)
        raise AmbiguousReport(
            f"{quarter.label}: {len(unique)} links match discover.document "
            f"({rule.document.describe()}): {listed}; nothing was fetched (make the rule "
            "match one, or say which are re-issues with 'reissue')"
        )
    return Found((*first, *later), index)


def _waiting(quarter: Quarter, index: str, reason: str) -> NotPublished:
    return NotPublished(quarter.period_end, (index,), reason)


def _matching(
    pages: list[str],
    step: LinkRule,
    fields: dict[str, str],
    rule: Discovery,
    options: FetchOptions,
    policy: Policy,
    budget: int,
) -> list[Link] | None:
    """The links of ``pages`` that ``step`` picks, in page order; None if no page answered."""
    patterns = step.compiled(fields)
    found: list[Link] = []
    answered = False
    for page in pages[: max(budget, 0)]:
        links = page_links(page, rule, options, policy)
        if links is None:
            continue
        answered = True
        found += [link for link in links if _matches(link, patterns)]
    return found if answered else None


class _Literal(dict[str, str]):
    """Quarter fields for ``str.format_map``; an unknown field stays as written."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"
