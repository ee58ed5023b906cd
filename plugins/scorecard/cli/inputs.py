"""What ``scorecard validate`` and ``scorecard load`` accept, and whose content it is.

- a report PDF: extracted here; its identity is the sha256 of its bytes;
- an extraction JSON beside its PDF (same name, ``.pdf``): accepted only if it is exactly what
  that PDF extracts to (anything else would be data the PDF does not say);
- a JSON on its own, with ``--from-json``: loaded as ``json-untrusted``, under the sha256 of the
  JSON file itself, so it can never pass for the PDF it names.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scorecard.errors import BadInput, Refused
from scorecard.load.provenance import Provenance, file_sha256
from scorecard.warehouse.audit import InputKind
from scorecard.warehouse.rows import extraction_sha256


class BadFile(BadInput):
    """A file that is missing, unreadable or not a scorecard; the message is one line."""


class NotItsPdf(Refused):
    """An extraction JSON that is not what its PDF extracts to; the message is one line."""


@dataclass(frozen=True)
class Input:
    """One file's extraction and where its content came from."""

    path: Path
    extraction: dict[str, Any]
    pdf: Path | None
    provenance: Provenance | None

    @property
    def report_sha256(self) -> str:
        if self.provenance is not None:
            return self.provenance.report_sha256
        return (
            file_sha256(self.pdf) if self.pdf else str(self.extraction["report"]["source_sha256"])
        )

    @property
    def input_kind(self) -> InputKind:
        return self.provenance.input_kind if self.provenance else "pdf"


def read_extraction(path: Path, profile: str | None = None) -> dict[str, Any]:
    """Extract a PDF with a layout profile (or read an extraction JSON); raise
    :class:`BadFile` with one line."""
    from scorecard.extract import ExtractionError
    from scorecard.pdf.isolation import extract_isolated
    from scorecard.profiles import load_profile

    if not path.is_file():
        raise BadFile(f"{path}: no such file")
    if path.suffix.lower() == ".json":
        try:
            data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            raise BadFile(f"{path}: expected an extraction JSON ({error})") from error
        if not isinstance(data, dict) or "report" not in data or "measures" not in data:
            raise BadFile(f"{path}: expected an extraction JSON with 'report' and 'measures'")
        return data
    try:
        return extract_isolated(path, profile=load_profile(profile))
    except ExtractionError as error:
        raise BadFile(str(error)) from error
    except OSError as error:
        raise BadFile(f"{path}: cannot be read ({error.strerror or error})") from error


def resolve(
    path: Path, *, from_json: bool, bare_json_untrusted: bool = False, profile: str | None = None
) -> Input:
    """The input of one file (a PDF read with layout ``profile``); a JSON without its PDF needs
    ``from_json`` (or, for validation only, ``bare_json_untrusted``) and is then untrusted."""
    extraction = read_extraction(path, profile)
    if path.suffix.lower() != ".json":
        return Input(path, extraction, path, None)
    pdf = path.with_suffix(".pdf")
    if from_json or (bare_json_untrusted and not pdf.is_file()):
        return Input(path, extraction, None, Provenance.untrusted_json(path))
    if not pdf.is_file():
        raise BadFile(
            f"{path}: an extraction JSON is loaded only beside its PDF ({pdf.name}), or with "
            "--from-json, which records it as untrusted"
        )
    _same_as_pdf(path, extraction, pdf, profile)
    return Input(path, extraction, pdf, None)


def _same_as_pdf(
    path: Path, extraction: dict[str, Any], pdf: Path, profile: str | None = None
) -> None:
    """Refuse a JSON that differs from its PDF's extraction, naming the first difference."""
    fresh = read_extraction(pdf, profile)
    if extraction_sha256(fresh) == extraction_sha256(extraction):
        return
    where = "report fields"
    for ours, theirs in zip(extraction["measures"], fresh["measures"], strict=False):
        if ours != theirs:
            field = next((k for k in theirs if ours.get(k) != theirs.get(k)), "fields")
            where = f"measure {theirs.get('measure_code')}, {field}"
            break
    else:
        if len(extraction["measures"]) != len(fresh["measures"]):
            where = "the number of measures"
    raise NotItsPdf(
        f"{path.name}: not what {pdf.name} extracts to (first difference: {where}); load the "
        "PDF, or load the JSON with --from-json (recorded as untrusted)"
    )
