"""Headless Chromium with the network cut off: open pages from disk, record what they asked for.

Every request that is not a ``file:`` URL is aborted and recorded, so a page that would reach
a CDN fails the test instead of quietly loading from the internet. Console errors, uncaught
page errors and failed requests are recorded too. The browser is the machine's Chromium
(never a downloaded one); ``make test`` installs Debian's ``chromium`` when it can.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
HOW_TO_INSTALL = (
    "no Chromium found: install Debian's package (`apt-get update && apt-get install -y "
    "chromium`, as root) or set SCORECARD_CHROMIUM to a Chromium binary; `make test` does it "
    "when run as root"
)


def chromium_path() -> str | None:
    """The Chromium binary to drive: ``SCORECARD_CHROMIUM`` or the first on PATH."""
    configured = os.environ.get("SCORECARD_CHROMIUM")
    if configured:
        return configured if Path(configured).exists() else None
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


@dataclass
class Visit:
    """What one page did while it loaded."""

    url: str
    blocked: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)

    @property
    def problems(self) -> list[str]:
        return (
            [f"external request: {u}" for u in self.blocked]
            + [f"failed request: {u}" for u in self.failed]
            + [f"console error: {m}" for m in self.console_errors]
            + [f"page error: {m}" for m in self.page_errors]
        )


class OfflineBrowser:
    """A browser context whose every non-file request is aborted and recorded."""

    def __init__(self, context: Any) -> None:
        self.context = context

    @contextmanager
    def visit(
        self, path: Path, *, wait_ms: int = 300, width: int | None = None
    ) -> Iterator[tuple[Any, Visit]]:
        """Open ``path`` (a local file) and yield (page, visit record) once it has loaded;
        ``width``: the viewport's width in CSS pixels (a phone's 390, a desktop's 1400)."""
        visit = Visit(url=path.resolve().as_uri())
        page = self.context.new_page()
        if width is not None:
            page.set_viewport_size({"width": width, "height": 900})
        page.on("console", lambda m: m.type == "error" and visit.console_errors.append(m.text))
        page.on("pageerror", lambda e: visit.page_errors.append(str(e)))
        page.on(
            "requestfailed",
            lambda r: r.url not in visit.blocked and visit.failed.append(f"{r.url} {r.failure}"),
        )

        def route(route: Any) -> None:
            if route.request.url.startswith("file:"):
                route.continue_()
            else:
                visit.blocked.append(route.request.url)
                route.abort()

        page.route("**/*", route)
        try:
            page.goto(visit.url, wait_until="load")
            page.wait_for_timeout(wait_ms)
            yield page, visit
        finally:
            page.close()


@contextmanager
def offline_browser(executable: str) -> Iterator[OfflineBrowser]:
    """Launch Chromium headless with the project's flags; no proxy, no downloads."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=ARGS)
        try:
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            yield OfflineBrowser(context)
        finally:
            browser.close()
