"""The lean MinHash + LSH (`scraper.jobs.minhash`) against datasketch, which the job used
before: on a realistic set (the text fixtures' pages and edited copies of them) the job's
`Deduper`, on a real SQLite state, marks the same near-duplicates as datasketch's MinHash and
LSH with the same threshold check, and both agree with the exact Jaccard similarity."""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np
import pytest

from scraper.jobs import minhash
from scraper.jobs.dedup import DedupConfig, Deduper, shingles
from scraper.jobs.state import JobState
from tests.conftest import FIXTURES

CONFIG = DedupConfig(exact=False, near=True)
# word-replacement rates: with 5-word shingles, 0.2 and 0.4 % give a Jaccard similarity of
# about 0.96-0.98, 5 % and more under 0.7. Both sketches are estimates: near the threshold
# (0.8) two hash families disagree by chance (LSH misses 7 % of pairs at 0.9), so the set
# holds clear cases only, as real copies mostly are (a changed date, a dropped line).
EDITS = (0.002, 0.004, 0.05, 0.1, 0.3)


def realistic_bodies() -> list[str]:
    """Every text fixture's page, then copies with a share of their words replaced, in an
    order that puts each copy after its original."""
    pages = [p.read_text("utf-8") for p in sorted(FIXTURES.glob("txt-*/page.txt"))]
    pages = [page for page in pages if len(page.split()) >= 250][:40]
    rng = random.Random(7)
    copies = []
    for page in pages:
        words = page.split()
        for rate in EDITS:
            edited = [rng.choice(("river", "market", "winter")) if rng.random() < rate else w
                      for w in words]
            copies.append(" ".join(edited))
    return pages + copies


def jaccard(one: str, other: str) -> float:
    a, b = shingles(one, CONFIG.shingle), shingles(other, CONFIG.shingle)
    return len(a & b) / len(a | b)


def marks_of_ours(bodies: list[str], path: Path) -> dict[int, int]:
    state = JobState(path)
    deduper = Deduper(state, CONFIG)
    marks = {}
    for seq, body in enumerate(bodies):
        record = {"id": str(seq), "body": body, "error": None, "content_hash": None}
        _, signature = deduper.mark(record)
        if record["duplicate_of"] is not None:
            marks[seq] = int(record["duplicate_of"])
        deduper.remember(record, seq, signature)
    state.close()
    return marks


def marks_of_datasketch(bodies: list[str]) -> dict[int, int]:
    datasketch = pytest.importorskip("datasketch")
    lsh = datasketch.MinHashLSH(threshold=CONFIG.threshold, num_perm=CONFIG.num_perm)
    signatures = {}
    marks = {}
    for seq, body in enumerate(bodies):
        signature = datasketch.MinHash(num_perm=CONFIG.num_perm, seed=1, scheme="affine32")
        signature.update_batch([s.encode("utf-8") for s in shingles(body, CONFIG.shingle)])
        found = [
            int(c) for c in lsh.query(signature)
            if np.mean(signatures[int(c)] == signature.hashvalues) >= CONFIG.threshold
        ]
        if found:
            marks[seq] = min(found)
        else:
            lsh.insert(str(seq), signature)
            signatures[seq] = signature.hashvalues
    return marks


def test_ours_finds_the_near_duplicates_datasketch_found(tmp_path: Path) -> None:
    bodies = realistic_bodies()
    ours = marks_of_ours(bodies, tmp_path / "state.sqlite")
    theirs = marks_of_datasketch(bodies)
    assert ours == theirs
    pages = len(bodies) // (len(EDITS) + 1)
    assert len(ours) == 2 * pages  # the lightly edited copies, and no other
    for copy, first in ours.items():
        assert jaccard(bodies[copy], bodies[first]) >= 0.85
    for index in range(pages, len(bodies)):
        original = (index - pages) // len(EDITS)
        if jaccard(bodies[index], bodies[original]) >= 0.9:
            assert ours.get(index) == original


def test_signatures_estimate_jaccard_and_survive_the_state() -> None:
    signer = minhash.Signer(256)
    words = [f"w{i}" for i in range(400)]
    one = {" ".join(words[i : i + 5]) for i in range(396)}
    other = {" ".join(words[i : i + 5]) for i in range(100, 396)}
    estimate = minhash.similarity(signer.sign(one), signer.sign(other))
    assert abs(estimate - len(one & other) / len(one | other)) < 0.1
    stored = minhash.dump(signer.sign(one))
    assert np.array_equal(minhash.load(stored), signer.sign(one))
    assert minhash.load(np.zeros(128, dtype=np.uint32).tobytes()) is None  # datasketch's


def test_an_index_forgets_a_removed_key() -> None:
    index = minhash.LshIndex(0.8, 128)
    signature = minhash.Signer(128).sign({"a b c d e"})
    index.insert("x", signature)
    assert "x" in index and index.query(signature) == {"x"}
    index.remove("x")
    assert "x" not in index and index.query(signature) == set()


def test_the_band_shape_is_datasketchs() -> None:
    lsh = pytest.importorskip("datasketch.lsh")
    for threshold in (0.5, 0.8, 0.9):
        assert minhash.band_shape(threshold, 128) == lsh._optimal_param(threshold, 128, 0.5, 0.5)
