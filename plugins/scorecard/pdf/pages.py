"""What drawing a document's pages costs, as pdfminer will draw them (for :mod:`.scan`).

A page is a dictionary whose ``/Type`` (or, when it has none, ``/type``) is the name ``Page``:
that is pdfminer's test when it walks the page tree. Pages are counted by object number (a
number defined twice, as incremental updates do, is one page, costed at its dearest definition).
A page draws its content streams with its resources: its own, or else those it inherits from the
page-tree nodes that list it as a kid (what pdfminer passes down) and from its ``/Parent``
chain; every candidate is taken. A Form XObject drawn ``n`` times costs ``n`` times its own
cost, nesting multiplied out and memoised; a form without resources draws with its caller's.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from scorecard.pdf.content import SATURATE, Work
from scorecard.pdf.document import Scan
from scorecard.pdf.objects import PdfObject, Ref, kind

MAX_NESTING = 100


def page_type(entries: dict[str, Any]) -> str | None:
    """``/Type``, or ``/type`` when there is no ``/Type`` (pdfminer's page-tree test)."""
    return kind(entries, "Type" if "Type" in entries else "type")


def _most(works: Iterable[Work]) -> Work:
    """The dearest of several candidates, entry by entry."""
    result = Work()
    for work in works:
        result.glyphs = max(result.glyphs, work.glyphs)
        result.operators = max(result.operators, work.operators)
        result.uses = max(result.uses, work.uses)
        result.draws |= work.draws
        result.string_bytes |= work.string_bytes
    return result


@dataclass
class Resources:
    """The XObjects and fonts a content stream may name, every candidate of each."""

    xobjects: dict[str, list[Any]] = field(default_factory=dict)
    fonts: dict[str, list[Any]] = field(default_factory=dict)

    @classmethod
    def of(cls, scan: Scan, values: Iterable[Any]) -> Resources:
        found = cls()
        for resources in (c for value in values for c in scan.candidates(value)):
            if not isinstance(resources, dict):
                continue
            for key, into in (("XObject", found.xobjects), ("Font", found.fonts)):
                for table in scan.candidates(resources.get(key)):
                    if isinstance(table, dict):
                        for name, value in table.items():
                            into.setdefault(name, []).append(value)
        return found


class _Costs:
    """The memoised cost model of one scan (see the module docstring)."""

    def __init__(self, scan: Scan) -> None:
        self.scan = scan
        self.memo: dict[tuple[int, int], Work] = {}
        self.kids: dict[int, list[PdfObject]] = {}
        for obj in scan.definitions:
            entries = obj.dict
            children = entries.get("Kids") if page_type(entries) == "Pages" else None
            refs = [*(children if isinstance(children, list) else [])]
            refs += [entries["Pages"]] if isinstance(entries.get("Pages"), Ref) else []
            for ref in refs:
                if isinstance(ref, Ref):
                    self.kids.setdefault(ref.num, []).append(obj)

    def inherited(self, obj: PdfObject, seen: set[int]) -> list[Any]:
        """The resources a page-tree node draws with: its own, else every ancestor's."""
        if "Resources" in obj.dict:
            return [obj.dict["Resources"]]
        seen.add(id(obj))
        ups = [parent for number in obj.numbers for parent in self.kids.get(number, [])]
        parent = obj.dict.get("Parent")
        if isinstance(parent, Ref):
            ups += self.scan.numbered.get(parent.num, [])
        found: list[Any] = []
        for up in ups:
            if id(up) not in seen and len(seen) < 4 * MAX_NESTING:
                found += self.inherited(up, seen)
        return found

    def glyphs(self, work: Work, resources: Resources) -> int:
        """Glyphs shown: a string's bytes, halved where every candidate font is composite
        (Type0: two-byte codes)."""
        total = 0
        for font, count in work.string_bytes.items():
            candidates = [c for v in resources.fonts.get(font, []) for c in self.scan.candidates(v)]
            wide = candidates and all(
                isinstance(c, dict) and kind(c, "Subtype") == "Type0" for c in candidates
            )
            total += (count + 1) // 2 if wide else count
        return total

    def drawn(self, work: Work, resources: Resources, chain: tuple[int, ...]) -> Work:
        """``work`` with every Form XObject it draws multiplied out."""
        result = Work(self.glyphs(work, resources), work.operators, work.uses)
        for name, times in work.draws.items():
            forms = [
                obj
                for value in resources.xobjects.get(name, [])
                for obj in self.scan.streams(value)
                if kind(obj.dict, "Subtype") == "Form"
            ]
            if forms:
                result.add(_most(self.form(f, resources, chain) for f in forms), times)
        return result

    def form(self, obj: PdfObject, caller: Resources, chain: tuple[int, ...]) -> Work:
        """The cost of one use of a Form XObject (memoised: once per form and resources)."""
        if id(obj) in chain or len(chain) > MAX_NESTING:
            what = f"a Form XObject is drawn inside itself or nested over {MAX_NESTING} deep"
            raise self.scan.refuse("pdf_max_xobject_uses", what)
        own = obj.dict.get("Resources")
        resources = Resources.of(self.scan, [own]) if own is not None else caller
        key = (id(obj), 0 if own is not None else id(caller))
        if key not in self.memo:
            self.memo[key] = self.drawn(self.scan.content(obj), resources, (*chain, id(obj)))
        once = self.memo[key]
        return Work(once.glyphs, once.operators, min(SATURATE, once.uses + 1))

    def page(self, obj: PdfObject) -> Work:
        """What drawing one page definition costs."""
        contents = [
            item
            for value in self.scan.candidates(obj.dict.get("Contents"))
            for item in (value if isinstance(value, list) else [value])
        ]
        if isinstance(obj.dict.get("Contents"), Ref):
            contents.append(obj.dict["Contents"])
        page = Work()
        for ref in contents:
            part = _most(self.scan.content(stream) for stream in self.scan.streams(ref))
            page.add(part)
            page.draws.update(part.draws)
            page.string_bytes.update(part.string_bytes)
        return self.drawn(page, Resources.of(self.scan, self.inherited(obj, set())), ())


def costs(scan: Scan) -> Work:
    """The cost of drawing every page; refuses past ``pdf_max_pages`` before costing any."""
    groups: dict[Any, list[PdfObject]] = {}
    for obj in scan.definitions:
        if page_type(obj.dict) == "Page":
            groups.setdefault(obj.numbers[0] if obj.numbers else id(obj), []).append(obj)
    if len(groups) > scan.limits.pdf_max_pages:
        raise scan.refuse("pdf_max_pages", f"it has {len(groups):,} pages")
    model = _Costs(scan)
    total = Work(draws=Counter())
    for group in groups.values():
        total.add(_most(model.page(obj) for obj in group))
    return total
