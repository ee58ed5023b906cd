"""Extract a report in a child process with CPU-time, wall-time and memory limits.

pdfminer inflates streams whole and draws nested Form XObjects without bound, so a small hostile
PDF can take gigabytes or hours. :func:`extract_isolated` runs the pre-scan
(:mod:`scorecard.pdf.scan`) and the extractor in a fresh Python process that limits itself
(``RLIMIT_AS`` for memory, ``RLIMIT_CPU`` for CPU time) and that the parent kills at the wall-time
limit. :func:`prescan_isolated` runs the pre-scan alone the same way (the fetch step, whose
deadline then bounds its wall time too), so untrusted bytes are never parsed in the worker's
own process. Passing a limit ends as :class:`~scorecard.pdf.limits.ResourceLimit` naming the limit and the
file; the extractor's own typed errors come back as the same types. The result travels as JSON
through a private temporary file, so nothing is written anywhere else and a killed child leaves
nothing behind.

Limits come from ``settings.limits`` (``SCORECARD_EXTRACT_CPU_SECONDS``,
``SCORECARD_EXTRACT_WALL_SECONDS``, ``SCORECARD_EXTRACT_MEMORY_MB``).
"""

from __future__ import annotations

import dataclasses
import json
import math
import os
import signal
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from scorecard.extract import errors
from scorecard.pdf.limits import ResourceLimit
from scorecard.profiles import Profile
from scorecard.settings.limits import Limits

PACKAGE_ROOT = Path(__file__).resolve().parents[1]
"""The folder holding the ``scorecard`` package (put on the child's ``PYTHONPATH``)."""


def extract_isolated(
    pdf: str | Path,
    *,
    limits: Limits | None = None,
    prescan: bool = True,
    profile: Profile | None = None,
    task: str = "extract",
) -> dict[str, Any]:
    """The extraction of ``pdf`` as its JSON contract (``Extraction.to_dict()``), read with the
    layout ``profile`` (the default one when None), or a typed
    :class:`~scorecard.extract.ExtractionError` (:class:`ResourceLimit` for a passed limit).
    ``task="inspect"`` answers ``scorecard inspect``'s findings instead of an extraction."""
    mode = f"prescan+{task}" if prescan else task
    return _in_child(str(pdf), _limits(limits), mode, str(pdf), None, profile)


def prescan_isolated(
    pdf: str | Path,
    *,
    limits: Limits | None = None,
    name: str | None = None,
    deadline: float | None = None,
) -> dict[str, Any]:
    """Pre-scan ``pdf`` in a limited child (see the module docstring): the counts it found, or
    :class:`ResourceLimit`. ``name`` names the file in errors (the source URL); ``deadline``
    (seconds left of a download's deadline) shortens the wall-time limit."""
    return _in_child(str(pdf), _limits(limits), "prescan", name or str(pdf), deadline)


def _limits(limits: Limits | None) -> Limits:
    if limits is not None:
        return limits
    from scorecard.settings import get_settings

    return get_settings().limits


def _in_child(
    path: str,
    limits: Limits,
    mode: str,
    name: str,
    deadline: float | None,
    profile: Profile | None = None,
) -> dict[str, Any]:
    """Run the child on ``path`` in ``mode``; its answer, or its failure as a typed error."""
    wall, wall_limit = limits.extract_wall_seconds, "extract_wall_seconds"
    if deadline is not None and deadline < wall:
        wall, wall_limit = max(deadline, 0.0), "fetch_deadline_seconds"
    with tempfile.TemporaryDirectory(prefix="scorecard-extract-") as tmp:
        out = Path(tmp) / "result.json"
        layout = Path(tmp) / "profile.json"
        layout.write_text(json.dumps(profile.to_dict() if profile else None), encoding="utf-8")
        command = [sys.executable, "-m", "scorecard.pdf.isolation", path, str(out)]
        command += [json.dumps(dataclasses.asdict(limits)), mode, name, str(layout)]
        env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(PACKAGE_ROOT), *sys.path])}
        cpu_before = _children_cpu()
        try:
            done = subprocess.run(
                command,
                env=env,
                stdin=subprocess.DEVNULL,
                capture_output=True,
                timeout=wall,
                check=False,
            )
        except subprocess.TimeoutExpired:
            cap = getattr(limits, wall_limit)
            raise ResourceLimit(name, wall_limit, cap, f"its {mode} was still running") from None
        if done.returncode == 0 and out.exists():
            return _result(name, json.loads(out.read_text(encoding="utf-8")))
        raise _died(name, done, limits, _children_cpu() - cpu_before)


def _result(path: str, data: dict[str, Any]) -> dict[str, Any]:
    """The child's answer (the extraction, or the pre-scan's counts), or its error rebuilt with
    its type."""
    if "extraction" in data or "prescan" in data or "inspection" in data:
        answer: dict[str, Any] = data.get("extraction") or data.get("inspection") or data["prescan"]
        return answer
    error = data["error"]
    if error["type"] == "ResourceLimit":
        raise ResourceLimit(path, error["limit"], error["cap"], error["what"])
    kind = getattr(errors, error["type"], errors.ExtractionError)
    if not (isinstance(kind, type) and issubclass(kind, errors.ExtractionError)):
        kind = errors.ExtractionError
    raise kind(path, error["expected"], page=error["page"], detail=error["detail"])


def _children_cpu() -> float:
    """CPU seconds used so far by this process's finished children."""
    import resource

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _died(
    path: str, done: subprocess.CompletedProcess[bytes], limits: Limits, cpu_used: float
) -> Exception:
    """Why the child ended without an answer, as a typed error of one line.

    SIGXCPU, or SIGKILL after using its CPU time, is the CPU limit; a MemoryError, a crash, or
    a SIGKILL before that (the kernel's out-of-memory killer) is memory.
    """
    cpu = limits.extract_cpu_seconds
    if done.returncode == -signal.SIGXCPU or (
        done.returncode == -signal.SIGKILL and cpu_used >= cpu - 0.5
    ):
        return ResourceLimit(path, "extract_cpu_seconds", cpu, "extraction needed more CPU time")
    lines = done.stderr.decode("utf-8", "replace").strip().splitlines()
    last = lines[-1][:200] if lines else f"exit status {done.returncode}"
    if "MemoryError" in last or done.returncode in (-signal.SIGSEGV, -signal.SIGKILL):
        return _memory(path, limits)
    return errors.ExtractionError(path, "an extraction that finishes", detail=last)


def _memory(path: str, limits: Limits) -> ResourceLimit:
    cap = limits.extract_memory_bytes
    return ResourceLimit(path, "extract_memory_bytes", cap, "extraction needed more memory")


def _limit_self(limits: Limits) -> None:
    """Cap this process's address space and CPU time (SIGXCPU at the cap, SIGKILL just after)."""
    import resource

    memory = int(limits.extract_memory_bytes)
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    cpu = max(1, math.ceil(limits.extract_cpu_seconds))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 2))


def _ran_out_of_memory(exc: BaseException) -> bool:
    """Whether ``exc`` is, or was caused by, a MemoryError (the extractor wraps pdfminer's)."""
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, MemoryError):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def _child(
    pdf: str, out: str, limits_json: str, mode: str, name: str, layout: str | None = None
) -> None:
    """The child's side: limit itself, pre-scan and/or extract (or inspect) with the layout
    profile in ``layout``, answer in ``out``."""
    data = json.loads(limits_json)
    data["fetch_allow_addresses"] = tuple(data["fetch_allow_addresses"])
    limits = Limits(**data)
    _limit_self(limits)
    answer: dict[str, Any]
    try:
        from scorecard.pdf import scan as pdfscan

        answer = {"prescan": {}}
        if mode == "prescan" or (mode.startswith("prescan") and Path(pdf).is_file()):
            work = pdfscan.check(pdf, limits, name=name)
            counts = ("glyphs", "operators", "uses", "bytes_read")
            answer = {"prescan": {key: getattr(work, key) for key in counts}}
        declared = json.loads(Path(layout).read_text(encoding="utf-8")) if layout else None
        profile = Profile.from_dict(declared) if declared else None
        if mode.endswith("extract"):
            from scorecard.extract import extract_report

            answer = {"extraction": extract_report(pdf, profile).to_dict()}
        elif mode.endswith("inspect"):
            from scorecard.extract.inspect import inspect_report

            answer = {"inspection": inspect_report(pdf, profile)}
    except ResourceLimit as exc:
        answer = {"error": {"type": "ResourceLimit", **exc.to_dict()}}
    except (errors.ExtractionError, MemoryError, RecursionError) as exc:
        if _ran_out_of_memory(exc):
            answer = {"error": {"type": "ResourceLimit", **_memory(name, limits).to_dict()}}
        elif isinstance(exc, errors.ExtractionError):
            fields = {k: getattr(exc, k) for k in ("expected", "page", "detail")}
            answer = {"error": {"type": type(exc).__name__, **fields}}
        else:
            raise
    Path(out).write_text(json.dumps(answer, ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    _child(*sys.argv[1:7])
