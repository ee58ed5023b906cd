"""The landing area: every fetched report kept once by content, and what was seen per quarter.

Reached through ``universal_pathlib`` (fsspec, the library under Airflow's
``LandingPath``), so ``settings.landing_url`` may be a local folder or an object store
(``s3://`` with ``s3fs`` installed). A report lives at ``reports/sha256/<aa>/<sha256>.pdf``; a quarter's
manifest (``periods/<period_end>.json``) lists the versions seen, in order, and each source's
HTTP validators for conditional requests. Writes go through a temporary object renamed into
place, so no reader sees half a file; one fetch per quarter at a time is assumed.
"""

from __future__ import annotations

import json
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, Self

from upath import UPath

from scorecard.settings import Settings, get_settings

LandingPath = UPath
"""A path in the landing area: local or in an object store."""

REPORTS_DIR = "reports/sha256"
PERIODS_DIR = "periods"
TMP_DIR = "tmp"


@dataclass(frozen=True)
class LandedReport:
    """One distinct version (by sha256) of a quarter's report in the landing area."""

    period_end: date
    sha256: str
    landed_path: str
    source_uri: str
    version: int
    size: int
    fetched_at: datetime
    etag: str | None = None
    last_modified: str | None = None
    source_details: dict[str, Any] | None = None
    """How the report was found: discovered on an index page (its URL, the page and the
    link's text), or added by hand; None for a location the sources file lists."""

    def to_dict(self) -> dict[str, Any]:
        """JSON-friendly form (ISO dates): for manifests and XCom."""
        data = asdict(self)
        data["period_end"] = self.period_end.isoformat()
        data["fetched_at"] = self.fetched_at.isoformat()
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Self:
        return cls(
            **{
                **data,
                "period_end": date.fromisoformat(data["period_end"]),
                "fetched_at": datetime.fromisoformat(data["fetched_at"]),
            }
        )


@dataclass(frozen=True)
class SourceState:
    """HTTP validators and content hash of the last successful fetch of one source URI."""

    sha256: str
    checked_at: str
    etag: str | None = None
    last_modified: str | None = None


@dataclass
class PeriodManifest:
    """``<landing>/periods/<period_end>.json``: versions seen and per-source validators."""

    period_end: date
    versions: list[LandedReport] = field(default_factory=list)
    sources: dict[str, SourceState] = field(default_factory=dict)

    def find(self, sha256: str) -> LandedReport | None:
        """The version with this content, if it was seen before."""
        return next((v for v in self.versions if v.sha256 == sha256), None)

    def to_dict(self) -> dict[str, Any]:
        return {
            "period_end": self.period_end.isoformat(),
            "versions": [v.to_dict() for v in self.versions],
            "sources": {uri: asdict(state) for uri, state in self.sources.items()},
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> PeriodManifest:
        return cls(
            period_end=date.fromisoformat(data["period_end"]),
            versions=[LandedReport.from_dict(v) for v in data.get("versions", [])],
            sources={uri: SourceState(**s) for uri, s in data.get("sources", {}).items()},
        )


def landing_root(settings: Settings | None = None) -> LandingPath:
    """The landing area (``settings.landing_url``) as a path."""
    return UPath((settings or get_settings()).landing_url)


def report_path(root: LandingPath, sha256: str) -> LandingPath:
    """Where the report with this sha256 lives: ``reports/sha256/<aa>/<sha256>.pdf``."""
    return root / REPORTS_DIR / sha256[:2] / f"{sha256}.pdf"


def manifest_path(root: LandingPath, period_end: date) -> LandingPath:
    """Where the manifest of a quarter lives: ``periods/<period_end>.json``."""
    return root / PERIODS_DIR / f"{period_end.isoformat()}.json"


def _put_atomic(root: LandingPath, target: LandingPath, source: Path) -> None:
    """Copy a local file to ``target`` through a temporary object renamed into place."""
    tmp = root / TMP_DIR / f"{uuid.uuid4().hex}.part"
    tmp.parent.mkdir(parents=True, exist_ok=True)
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        with source.open("rb") as src, tmp.open("wb") as dst:
            shutil.copyfileobj(src, dst, 1024 * 1024)
        tmp.rename(target)
    finally:
        if tmp.exists():
            tmp.unlink()


def store_report(root: LandingPath, local_file: Path, sha256: str) -> LandingPath:
    """Land a verified local file under its sha256 (a no-op when that content is already there)."""
    target = report_path(root, sha256)
    if not target.exists():
        _put_atomic(root, target, local_file)
    return target


def load_manifest(root: LandingPath, period_end: date) -> PeriodManifest:
    """The manifest of a quarter (empty if nothing was fetched for it yet)."""
    path = manifest_path(root, period_end)
    if not path.exists():
        return PeriodManifest(period_end=period_end)
    return PeriodManifest.from_dict(json.loads(path.read_text()))


def save_manifest(root: LandingPath, manifest: PeriodManifest) -> None:
    """Write the manifest of a quarter atomically."""
    with tempfile.TemporaryDirectory(prefix="scorecard-manifest-") as tmpdir:
        local = Path(tmpdir) / "manifest.json"
        local.write_text(json.dumps(manifest.to_dict(), indent=2, sort_keys=False) + "\n")
        _put_atomic(root, manifest_path(root, manifest.period_end), local)


def landed_reports(period_end: date, *, settings: Settings | None = None) -> list[LandedReport]:
    """Every distinct version of a quarter's report landed so far, in the order first seen."""
    return list(load_manifest(landing_root(settings), period_end).versions)


@contextmanager
def local_copy(landed_path: str) -> Iterator[Path]:
    """A local file path for a landed report (the file itself for ``file://``, else a temp copy).

    For tools such as pdfplumber that want a path; the temporary copy is removed on exit.
    """
    path = UPath(landed_path)
    if path.protocol in ("file", "local", ""):
        yield Path(path.path)
        return
    with tempfile.TemporaryDirectory(prefix="scorecard-landed-") as tmpdir:
        local = Path(tmpdir) / path.name
        with path.open("rb") as src, local.open("wb") as dst:
            shutil.copyfileobj(src, dst, 1024 * 1024)
        yield local
