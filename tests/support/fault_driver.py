"""`python tests/support/fault_driver.py ARGS…` is `scraper ARGS…` with one fault injected
into cleaning, in the job process and in every pool worker.

Workers are spawned, and a spawned worker runs its parent's main script before its first
task, so the fault installed below, at import, is in place in every worker; the product
code carries no hook for it. Environment variables choose the fault:

- `SCRAPER_FAULT=kill`: a worker that starts cleaning a page containing
  `SCRAPER_FAULT_MARKER` sends itself SIGKILL (what the out-of-memory killer does);
- `SCRAPER_FAULT=oserror`: cleaning such a page raises `OSError(ENOSPC)` (a full disk);
- `SCRAPER_FAULT=startup`: the language model's file is missing, so a worker cannot load it.

With `SCRAPER_FAULT_ONCE=PATH`, the page fault fires only while PATH exists, and removes it
as it fires: the fault happens once in the run, whichever process meets the page first.
"""

from __future__ import annotations

import errno
import os
import signal
from pathlib import Path
from typing import Any

from scraper.cleaners.html import HtmlCleaner
from scraper.cleaners.text import TextCleaner
from scraper.normalize import language

FAULT = os.environ.get("SCRAPER_FAULT", "")
MARKER = os.environ.get("SCRAPER_FAULT_MARKER", "FAULT-MARKER")
ONCE = os.environ.get("SCRAPER_FAULT_ONCE")


def _fires(text: str) -> bool:
    if MARKER not in text:
        return False
    if ONCE is None:
        return True
    try:
        Path(ONCE).unlink()
    except FileNotFoundError:
        return False
    return True


def _faulty(clean: Any) -> Any:
    def wrapped(self: Any, page: Any, text: str, *args: Any) -> Any:
        if _fires(text):
            if FAULT == "kill":
                os.kill(os.getpid(), signal.SIGKILL)
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return clean(self, page, text, *args)

    return wrapped


if FAULT in ("kill", "oserror"):
    HtmlCleaner.clean = _faulty(HtmlCleaner.clean)  # type: ignore[method-assign]
    TextCleaner.clean = _faulty(TextCleaner.clean)  # type: ignore[method-assign]
elif FAULT == "startup":
    language._MODEL = ("py3langid", "data/no-such-model.npz.xz")


if __name__ == "__main__":
    from scraper.cli import main

    main()
