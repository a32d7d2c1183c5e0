"""Which files in a folder are pages, judged by their first bytes when their name does not say.

Saved pages come as `.php`, `.shtml`, `.asp`, or with no extension at all (`wget` saves
`…/story/` as `story`), next to the stylesheets, scripts and images of the same save. So a
file in a folder is taken when its name is a page's (`SUFFIXES` in `scraper.sources.files`)
or, whatever its name, when its content opens like an HTML document or a WARC record; a file
without an extension is also taken when it is text. Everything else is skipped, and the
reason is counted for the summary: `empty`, `binary`, `unreadable`, `sidecar` (the JSON next
to a saved raw response, read with its page), `hidden` (dot files and what dot folders such
as `.git/` hold) and `not a page` (text that is neither HTML nor extension-less: CSS,
scripts, JSON, feeds, SVG).

Only folder listings are filtered: a file named on the command line (or matched by a glob)
is always read, and becomes an error record if it is no page.

The HTML test here is stricter than the cleaner's (which also takes fragments with many
block tags): it only has to pick files out of a folder, where a false positive costs an
error record and a false negative a skipped count, both visible.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from scraper.errors import InputError
from scraper.sources.opening import read_head
from scraper.sources.warc_files import SIGNATURES

_DOCUMENT_START = re.compile(
    r"^(?:\s|<!--.*?-->|<\?xml[^>]*>)*<(?:!doctype\s+html|html|head|body)\b", re.I | re.S
)
_CONTROL = re.compile(rb"[\x00-\x08\x0e-\x1a\x1c-\x1f]")
_WIDE_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
SKIP_EMPTY, SKIP_BINARY, SKIP_UNREADABLE = "empty", "binary", "unreadable"
SKIP_SIDECAR, SKIP_NOT_PAGE, SKIP_HIDDEN = "sidecar", "not a page", "hidden"


def head_text(head: bytes) -> str:
    """The head decoded well enough to look at its first characters."""
    if head.startswith(_WIDE_BOMS):
        return head.decode("utf-16", errors="replace")
    return head.decode("utf-8", errors="replace").removeprefix("\ufeff")


def opens_like_html(head: bytes) -> bool:
    return _DOCUMENT_START.match(head_text(head)) is not None


def looks_binary(head: bytes) -> bool:
    """Control bytes that no text has: a NUL, or more than one in twenty of some other."""
    if head.startswith(_WIDE_BOMS):
        return False
    controls = len(_CONTROL.findall(head))
    return b"\x00" in head or controls > len(head) // 20


def folder_skip_reason(path: Path, folder: Path) -> str | None:
    """Why the file `path`, found in `folder` with a name that is not a page's, is not taken
    as an input; None when its content shows it is one."""
    if any(part.startswith(".") for part in path.relative_to(folder).parts):
        return SKIP_HIDDEN
    if path.suffix == ".json" and path.with_suffix("").is_file():
        return SKIP_SIDECAR
    try:
        head = read_head(path)
    except InputError:
        return SKIP_UNREADABLE
    if not head.strip():
        return SKIP_EMPTY

    if head.lstrip().startswith(SIGNATURES) or opens_like_html(head):
        return None
    if looks_binary(head):
        return SKIP_BINARY
    return None if not path.suffix else SKIP_NOT_PAGE
