"""De-duplication across a job: exact (same body hash) and near (MinHash LSH,
`scraper.jobs.minhash`).

A duplicate is marked, never dropped: it is still one input's record, and dropping it would
break "one record per input". Its `duplicate_of` names the first copy the job emitted.

First copies live in the job state (body hashes, MinHash signatures), so a resumed or re-run
job still knows them; the LSH index itself is in memory, rebuilt from the state at start
(about 2 KB per distinct document with 128 permutations). A candidate from the index counts
only when its estimated Jaccard similarity really reaches the threshold (LSH has false
positives), and the earliest such first copy wins. Signatures stored by a version that used
datasketch (another hash family) are not comparable: they are left out of the index, and a
`--force` run signs every body again.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from typing import Any

from scraper.jobs import minhash
from scraper.jobs.minhash import LshIndex, Signature, Signer
from scraper.jobs.state import JobState

_WORD = re.compile(r"\w+")
log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class DedupConfig:
    """`threshold`: estimated Jaccard similarity of word shingles from which two bodies are
    near-duplicates; `shingle`: words per shingle."""

    exact: bool = True
    near: bool = True
    threshold: float = 0.8
    num_perm: int = 128
    shingle: int = 5


def shingles(body: str, size: int) -> set[str]:
    """The body's runs of `size` words, lower case (the whole body when it is shorter)."""
    words = _WORD.findall(body.lower())
    return {" ".join(words[i : i + size]) for i in range(max(1, len(words) - size + 1))}


class Deduper:
    """Decides `duplicate_of` for each emitted record and remembers first copies."""

    def __init__(self, state: JobState, config: DedupConfig) -> None:
        self.state = state
        self.config = config
        self._lsh: LshIndex | None = None
        self._signer: Signer | None = None
        if config.near:
            self._signer = Signer(config.num_perm)
            self._lsh = LshIndex(config.threshold, config.num_perm)
            older = 0
            for record_id, stored in state.all_signatures():
                signature = minhash.load(stored)
                if signature is None:
                    older += 1
                else:
                    self._lsh.insert(record_id, signature)
            if older:
                log.warning(
                    "%d near-duplicate signatures of an older version left out (--force "
                    "signs every body again)", older,
                )

    def mark(self, record: dict[str, Any]) -> tuple[str | None, Signature | None]:
        """(kind of duplicate or None, the body's signature) and sets `duplicate_of`."""
        record["duplicate_of"] = None
        if record.get("error") or not record.get("body"):
            return None, None
        own = record["id"]
        if self.config.exact and record.get("content_hash"):
            first = self.state.first_copy(record["content_hash"])
            if first is not None and first != own:
                record["duplicate_of"] = first
                return "exact", None
        if self._signer is None:
            return None, None
        signature = self._signer.sign(shingles(record["body"], self.config.shingle))
        first = self._near(own, signature)
        if first is not None:
            record["duplicate_of"] = first
            return "near", signature
        return None, signature

    def _near(self, own: str, signature: Signature) -> str | None:
        assert self._lsh is not None
        candidates = [c for c in self._lsh.query(signature) if c != own]
        if not candidates:
            return None
        best: tuple[int, str] | None = None
        for record_id, seq, stored in self.state.signatures(candidates):
            other = minhash.load(stored)
            if other is not None and minhash.similarity(other, signature) >= self.config.threshold:
                best = min(best or (seq, record_id), (seq, record_id))
        return best[1] if best else None

    def remember(self, record: dict[str, Any], seq: int, signature: Signature | None) -> None:
        """After the record is in the state: a first copy becomes findable; a record that
        used to be a first copy but is now a duplicate stops being one."""
        own = record["id"]
        original = record.get("duplicate_of") is None and signature is not None
        if self._lsh is not None and own in self._lsh:
            self._lsh.remove(own)
            self.state.set_signature(own, seq, None)
        first = record.get("duplicate_of") is None and record.get("content_hash")
        if first and self.config.exact and record["body"]:
            self.state.remember_first(record["content_hash"], own)
        if original and self._lsh is not None and signature is not None:
            self._lsh.insert(own, signature)
            self.state.set_signature(own, seq, minhash.dump(signature))
