"""De-duplication across a job: exact (same body hash) and near (MinHash LSH, datasketch).

A duplicate is marked, never dropped: it is still one input's record, and dropping it would
break "one record per input". Its `duplicate_of` names the first copy the job emitted.

First copies live in the job state (body hashes, MinHash signatures), so a resumed or re-run
job still knows them; the LSH index itself is in memory, rebuilt from the state at start
(about 3 KB per distinct document with 128 permutations). A candidate from the index counts
only when its estimated Jaccard similarity really reaches the threshold (LSH has false
positives), and the earliest such first copy wins.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import numpy as np

from scraper.jobs.state import JobState

_WORD = re.compile(r"\w+")
SCHEME = "affine32"


@dataclass(frozen=True, slots=True)
class DedupConfig:
    """`threshold`: estimated Jaccard similarity of word shingles from which two bodies are
    near-duplicates; `shingle`: words per shingle."""

    exact: bool = True
    near: bool = True
    threshold: float = 0.8
    num_perm: int = 128
    shingle: int = 5


class Signer:
    """MinHash signatures of bodies (word shingles, lower case); the permutations are made
    once, which is most of the cost of a fresh `MinHash`."""

    def __init__(self, config: DedupConfig) -> None:
        from datasketch import MinHash

        self._minhash = MinHash
        self.config = config
        self._perms = MinHash(num_perm=config.num_perm, seed=1, scheme=SCHEME).permutations

    def __call__(self, body: str) -> Any:
        words = _WORD.findall(body.lower())
        size = self.config.shingle
        shingles = {" ".join(words[i : i + size]) for i in range(max(1, len(words) - size + 1))}
        minhash = self.fresh()
        minhash.update_batch([s.encode("utf-8") for s in shingles])
        return minhash

    def fresh(self, hashvalues: Any = None) -> Any:
        return self._minhash(
            num_perm=self.config.num_perm,
            seed=1,
            permutations=self._perms,
            hashvalues=hashvalues,
            scheme=SCHEME,
        )

    def load(self, signature: bytes) -> Any:
        return self.fresh(np.frombuffer(signature, dtype=np.uint32).copy())


class Deduper:
    """Decides `duplicate_of` for each emitted record and remembers first copies."""

    def __init__(self, state: JobState, config: DedupConfig) -> None:
        self.state = state
        self.config = config
        self._lsh: Any = None
        self._signer: Signer | None = None
        if config.near:
            from datasketch import MinHashLSH

            self._signer = Signer(config)
            self._lsh = MinHashLSH(threshold=config.threshold, num_perm=config.num_perm)
            for record_id, signature in state.all_signatures():
                self._lsh.insert(record_id, self._signer.load(signature))

    def mark(self, record: dict[str, Any]) -> tuple[str | None, Any]:
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
        signature = self._signer(record["body"])
        first = self._near(own, signature)
        if first is not None:
            record["duplicate_of"] = first
            return "near", signature
        return None, signature

    def _near(self, own: str, signature: Any) -> str | None:
        candidates = [c for c in self._lsh.query(signature) if c != own]
        if not candidates:
            return None
        best: tuple[int, str] | None = None
        for record_id, seq, stored in self.state.signatures(candidates):
            values = np.frombuffer(stored, dtype=np.uint32)
            if float(np.mean(values == signature.hashvalues)) >= self.config.threshold:
                best = min(best or (seq, record_id), (seq, record_id))
        return best[1] if best else None

    def remember(self, record: dict[str, Any], seq: int, signature: Any) -> None:
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
        if original and self._lsh is not None:
            self._lsh.insert(own, signature)
            self.state.set_signature(own, seq, signature.hashvalues.astype(np.uint32).tobytes())
