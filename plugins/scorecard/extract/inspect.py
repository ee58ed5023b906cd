"""``scorecard inspect``: what a layout profile makes of a PDF, and what it would have to declare.

The report is read as the extractor reads it, but where the extractor refuses (a header label
the profile does not know, a required column missing, a status or direction word it does not
declare) the inspection notes the finding, lets it pass with a placeholder, and reads on. It
answers: the header row found, each column and the field it maps to (or why none), words
outside the profile's vocabulary, the pages skipped and why, what the profile reads as it
stands (the measures, or its refusal), and a profile skeleton a person can edit.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path
from typing import Any

from scorecard.extract import cells, meta, rows
from scorecard.extract.errors import ExtractionError, UnknownWord
from scorecard.extract.header import HeaderMap, map_columns
from scorecard.extract.pages import plan_pages
from scorecard.extract.plan import PagePlan
from scorecard.extract.reading import Reading
from scorecard.extract.report import extract_report, read_plans
from scorecard.extract.text import shows_quote_mapping
from scorecard.profiles import Profile, Status, load_profile
from scorecard.profiles.model import COLUMN_FIELDS, MEASURE_COLUMNS

MAX_WORDS = 50
"""Unknown words noted at most (each is retried once, so the inspection stays bounded)."""
_WORD = re.compile(r"'(.+)'; add it to (statuses|directions)")


def inspect_report(pdf: str | Path, profile: Profile | None = None) -> dict[str, Any]:
    """The findings (see the module docstring) as JSON-ready data."""
    path = Path(pdf)
    profile = profile or load_profile()
    findings: dict[str, Any] = {"file": str(path), "profile": profile.name}
    findings["profile_files"] = list(profile.files)
    findings["anchors"] = [
        label for name in MEASURE_COLUMNS for label in profile.columns.get(name, ())
    ]
    plans, sha256 = read_plans(path, Reading.of(profile), strict=False)
    header = next((p.header for p in plans if p.header is not None), None)
    findings["header"] = _header(header, plans, profile)
    clean = all(
        not (p.header.unknown or p.header.missing or p.header.repeated)
        for p in plans
        if p.header is not None
    )
    working = _permissive(profile, header)
    _remap(plans, Reading.of(working))
    findings["words"], findings["measures"], findings["stops"] = _read(path, plans, sha256, working)
    findings["pages"] = [{"page": p.number, "kind": p.kind, "reason": p.reason} for p in plans]
    findings["reads"], findings["refusal"] = None, findings["stops"]
    if clean and not any(findings["words"].values()) and findings["stops"] is None:
        findings["reads"] = f"{findings['measures']} measures"
    elif findings["stops"] is None:
        try:  # what the profile as it stands says: its refusal
            extract_report(path, profile)
        except ExtractionError as error:
            findings["refusal"] = str(error)
    findings["skeleton"] = skeleton(findings, profile)
    return findings


def _remap(plans: list[PagePlan], reading: Reading) -> None:
    """Map the header rows again with another reading (no need to parse the PDF again)."""
    for plan in plans:
        if plan.header_rows is not None:
            first, last = plan.header_rows
            plan.header = map_columns(plan.lines[first : last + 1], plan.rulings, reading)
            plan.spans = plan.header.spans


def _header(header: HeaderMap | None, plans: list[Any], profile: Profile) -> dict[str, Any]:
    """The header row found and each column's field (or why it has none)."""
    if header is None:
        return {"page": None, "columns": [], "missing": list(profile.required), "repeated": []}
    page = next(p.number for p in plans if p.header is header)
    columns = []
    for column in header.columns:
        field = column.field
        why = None if field else f"no label of profile {profile.name!r} reads {column.text!r}"
        columns.append({"label": column.text, "field": field, "why": why})
    return {
        "page": page,
        "columns": columns,
        "missing": list(header.missing),
        "repeated": list(header.repeated),
    }


def slug(text: str, taken: set[str]) -> str:
    """A field name for a header label ('Risk Rating' -> 'risk_rating'), not yet taken."""
    base = re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_") or "column"
    base = base if base[0].isalpha() else f"field_{base}"
    name, number = base[:60], 2
    while name in taken or name in COLUMN_FIELDS:
        name, number = f"{base[:56]}_{number}", number + 1
    taken.add(name)
    return name


def _permissive(profile: Profile, header: HeaderMap | None) -> Profile:
    """The profile with every unknown header as an extra field and nothing required."""
    extras = dict(profile.extras)
    taken = set(extras)
    for column in header.unknown if header is not None else ():
        extras[slug(column.text, taken)] = (column.text,)
    return replace(profile, extras=extras, required=())


Read = tuple[dict[str, list[str]], int | None, str | None]


def _read(path: Path, plans: list[PagePlan], sha256: str, profile: Profile) -> Read:
    """Words outside the vocabulary (each let through as a placeholder), the measures read
    that way, and where reading stops for another reason (``plans`` are classified here)."""
    words: dict[str, list[str]] = {"status": [], "direction of travel": []}
    reading = Reading.of(profile)
    try:
        plan_pages(path, plans, reading)
        meta.report_meta(path, plans, sha256, reading)
        found, _ = rows.assemble(path, plans, reading)
    except ExtractionError as error:
        return words, None, str(error)
    texts = [line.text for p in plans if p.is_table for line in p.body]
    mismapped, pitch = shows_quote_mapping(texts), rows.line_pitch(found)
    for row in found:
        for _ in range(MAX_WORDS):
            try:
                cells.measure(path, row, pitch, mismapped, reading)
                break
            except UnknownWord as error:
                match = _WORD.search(error.detail)
                if match is None or sum(map(len, words.values())) >= MAX_WORDS:
                    return words, None, str(error)
                word, section = match.groups()
                kind = "status" if section == "statuses" else "direction of travel"
                words[kind].append(word)
                profile = _with_word(profile, kind, word)
                reading = Reading.of(profile)
            except ExtractionError as error:
                return words, None, str(error)
    return words, len(found), None


def _with_word(profile: Profile, kind: str, word: str) -> Profile:
    if kind == "status":
        status = Status(word, (word,), "#636363", "none", None)
        return replace(profile, statuses=(*profile.statuses, status))
    return replace(profile, directions={**profile.directions, word: (word,)})


_DIRECTION_HINTS = {
    "No change": ("stable", "same", "no change", "unchanged", "static", "maintained", "flat"),
    "Improving": ("improv", "better", "up"),
    "Deteriorating": ("deteriorat", "worse", "declin", "down"),
}


def _guess(word: str, names: list[str], hints: dict[str, tuple[str, ...]]) -> str | None:
    lower = word.lower()
    for name in names:
        if name.lower() in lower:
            return name
    return next((name for name, keys in hints.items() if any(k in lower for k in keys)), None)


def skeleton(findings: dict[str, Any], profile: Profile) -> str:
    """A profile a person can edit and save as ``profiles/<name>.yml``."""
    stem = re.sub(r"[^A-Za-z0-9_.-]+", "-", Path(findings["file"]).stem).strip("-") or "council"
    out = [
        f"# Layout profile written by `scorecard inspect` for {Path(findings['file']).name}.",
        f"# Save as profiles/{stem}.yml, check every line, then name it in sources.yml",
        f"# (profile: {stem}) and run `scorecard inspect FILE.pdf --profile {stem}` again.",
        "version: 1",
        f"name: {stem}",
        f"extends: [{profile.name}]",
    ]
    header = findings["header"]
    if header["page"] is None:
        out += [
            "# no header row was found: give the label of the column holding the measure codes,",
            '# e.g. columns: {measure_details: ["Indicator"]} (code and title in one cell)',
        ]
    unknown = [c["label"] for c in header["columns"] if not c["field"]]
    if unknown:
        out += ["extras:  # kept as printed; or make each a synonym under columns, or ignore it"]
        taken = set(profile.extras)
        out += [f"  {slug(label, taken)}: [{_quoted(label)}]" for label in unknown]
    if header["missing"]:
        present = [c["field"] for c in header["columns"] if c["field"] in profile.required]
        out += [
            f"required: [{', '.join(present)}]  # the report has no {', '.join(header['missing'])}"
        ]
    out += _words(findings["words"]["status"], "statuses", list(profile.status_names()), {})
    directions = list(profile.directions)
    out += _words(
        findings["words"]["direction of travel"], "directions", directions, _DIRECTION_HINTS
    )
    return "\n".join(out) + "\n"


def _words(
    found: list[str], section: str, names: list[str], hints: dict[str, tuple[str, ...]]
) -> list[str]:
    """The section declaring ``found`` words: under the canonical value each seems to stand
    for (to be checked), or as a question when none is apparent."""
    if not found:
        return []
    guessed: dict[str, list[str]] = {}
    lines = [f"{section}:  # printed words -> the canonical value each stands for"]
    for word in dict.fromkeys(found):
        guess = _guess(word, names, hints)
        if guess is None:
            lines.append(f"  # {_quoted(word)}: which of {', '.join(names)} is it?")
        else:
            guessed.setdefault(guess, []).append(word)
    for name, words in guessed.items():
        printed = ", ".join(_quoted(w) for w in words)
        entry = f"{{labels: [{printed}]}}" if section == "statuses" else f"[{printed}]"
        lines.append(f"  {_quoted(name)}: {entry}  # check the meaning")
    return lines


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
