"""Which file a report's content came from, established from the file itself.

A load is keyed on the landed file, not on what an extraction says about it: the PDF's sha256 is
recomputed from its bytes and must be the one the extraction claims. A JSON nobody vouches for
(an analyst's hand-corrected extraction) is identified by its own bytes and marked
``json-untrusted``, so it can never take the identity of the PDF it names.

A loaded version's key (``report_sha256``) is the file's sha256 for its first reading; when a
newer extractor reads the same file differently, the new version's key is
:func:`reextraction_key`, and the file's sha256 stays the file's (``raw.reports.file_sha256``).
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scorecard.load.errors import ContentMismatch
from scorecard.warehouse.audit import InputKind


def file_sha256(location: str | Path) -> str:
    """sha256 of a file's bytes: a local path, or a landing-area URL (``file://``, ``s3://``)."""
    digest = hashlib.sha256()
    if isinstance(location, Path) or "://" not in location:
        with open(location, "rb") as handle:
            for block in iter(lambda: handle.read(1024 * 1024), b""):
                digest.update(block)
        return digest.hexdigest()
    from scorecard.ingest.landing import local_copy

    with local_copy(location) as local:
        return file_sha256(local)


def reextraction_key(file_sha: str, extractor_version: str) -> str:
    """The key of the version a newer extractor's reading of an already loaded file is loaded
    under: sha256 of ``"<file sha256>:extractor <version>"`` (the warehouse derives
    ``file_sha256`` back from it, migration 014)."""
    return hashlib.sha256(f"{file_sha}:extractor {extractor_version}".encode()).hexdigest()


@dataclass(frozen=True)
class Provenance:
    """Which file a report's content came from: its identity and whether anyone vouches for it."""

    report_sha256: str
    input_kind: InputKind = "pdf"

    @classmethod
    def of_pdf(cls, pdf: str | Path, extraction: Mapping[str, Any]) -> Provenance:
        """The landed PDF's sha256, recomputed from its bytes; it must be the one claimed."""
        actual = file_sha256(pdf)
        claimed = (extraction.get("report") or {}).get("source_sha256")
        if claimed != actual:
            raise ContentMismatch(
                f"{pdf}: the extraction claims file sha256 {str(claimed)[:12]}, the file itself "
                f"is {actual[:12]}; extract the file again, nothing was loaded"
            )
        return cls(actual)

    @classmethod
    def reextraction(cls, pdf: str | Path, file_sha: str, key: str) -> Provenance:
        """A landed PDF read again by a newer extractor: its bytes must still be ``file_sha``;
        the new version is identified by ``key`` (the file's sha256 and the extractor version)."""
        actual = file_sha256(pdf)
        if actual != file_sha:
            raise ContentMismatch(
                f"{pdf}: landed as sha256 {file_sha[:12]}, the file itself is now {actual[:12]};"
                " nothing was loaded"
            )
        return cls(key)

    @classmethod
    def untrusted_json(cls, json_file: str | Path) -> Provenance:
        """A JSON loaded as-is: identified by its own bytes, never by the PDF it names."""
        return cls(file_sha256(json_file), "json-untrusted")
