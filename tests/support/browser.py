"""Open an explain report in Debian's headless Chromium through Playwright, the system
browser and never a downloaded one; the README's screenshot is made the same way:

    python -m tests.support.browser REPORT.html SHOT.png
"""

from __future__ import annotations

import shutil
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CHROMIUM = "/usr/bin/chromium"
INSTALL = "apt-get install -y chromium (.ci/run does it on a CI machine)"
VIEWPORT = {"width": 1100, "height": 900}


@dataclass
class Opened:
    """The loaded report, what its console said, and the requests it tried beyond itself."""

    page: Any
    console_errors: list[str] = field(default_factory=list)
    requests_out: list[str] = field(default_factory=list)


def chromium_path() -> str:
    """The system Chromium, or a failure that says how to install it: a missing browser
    must fail the browser test, not skip it."""
    found = CHROMIUM if Path(CHROMIUM).exists() else shutil.which("chromium")
    if not found:
        raise RuntimeError(f"no Chromium at {CHROMIUM}: install Debian's package, {INSTALL}")
    return found


@contextmanager
def opened_report(report: Path) -> Iterator[Opened]:
    """The report loaded in headless Chromium, ready once its script has run
    (`body[data-ready]`), with every console error and outside request noted."""
    from playwright.sync_api import sync_playwright

    executable = chromium_path()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, headless=True)
        try:
            page = browser.new_page(viewport=VIEWPORT)
            opened = Opened(page)
            page.on(
                "console",
                lambda message: (
                    opened.console_errors.append(message.text) if message.type == "error" else None
                ),
            )
            page.on("pageerror", lambda error: opened.console_errors.append(str(error)))

            def refuse_outside(route: Any) -> None:
                url = route.request.url
                if url.startswith("file://"):
                    route.continue_()
                else:
                    opened.requests_out.append(url)
                    route.abort()

            page.route("**/*", refuse_outside)
            page.goto(report.resolve().as_uri())
            page.wait_for_selector("body[data-ready=true]")
            yield opened
        finally:
            browser.close()


def screenshot(report: Path, shot: Path, height: int = 1300) -> None:
    """The report's top `height` pixels: its header, metadata and first blocks."""
    with opened_report(report) as opened:
        opened.page.set_viewport_size({"width": VIEWPORT["width"], "height": height})
        opened.page.screenshot(path=str(shot))


if __name__ == "__main__":
    screenshot(Path(sys.argv[1]), Path(sys.argv[2]))
