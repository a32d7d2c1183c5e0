"""The learned vote gate: on which pages trafilatura's vote is worth asking.

For each dataset D but the held-out `l3s-gn1`, the block models fitted without D (the folds
`pipeline_lodo.py` writes, OUT/folds/D) clean D's pages twice: never asking trafilatura, and
always asking it. What the vote changed on each page (its F1, or its snippet accuracy) and
the page's gate features (`scraper/cleaners/vote_gate.py`), taken where the models are as
unsure as they will be on pages they never saw, are the gate's training rows
(OUT/gate-pages.jsonl). A logistic model learns where the vote's gain outweighs its cost
(`VOTE_COST`, a share of one page's F1: a vote that changes nothing costs time); each row
weighs the gain or loss it stands for.

Validated leave-one-dataset-out (the gate fitted on the other training datasets), beside the
fixed rule (`unsure_share`, `thin_body_words`) and asking always or never; then fitted on
every training dataset and scored on l3s-gn1 (with the shipped models, its fold), written
into `--ship DIR/models.toml` as `[gate.vote]`.

Usage: `python training/fit_gate.py DATASET_DIR OUT [--ship scraper/defaults/models]`.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from lodo import HELD_OUT, SEED  # noqa: E402
from pipeline_lodo import _kept  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402

from scraper.cleaners import cleaners  # noqa: E402
from scraper.cleaners.learned import (  # noqa: E402
    DEFAULT_THIN_BODY_WORDS,
    DEFAULT_UNSURE,
    DEFAULT_UNSURE_SHARE,
)
from scraper.cleaners.vote_gate import GATE_FEATURES, VoteGate, gate_features  # noqa: E402
from scraper.config import CleanerConfig  # noqa: E402
from scraper.eval.data import EvalPage, iter_eval_pages, load_truth  # noqa: E402
from scraper.eval.scoring import score_page, score_snippets  # noqa: E402
from scraper.records import Page  # noqa: E402

VOTE_COST = 0.002  # set before any fold was scored; not tuned
MODES = {"never": 2.0, "always": -1.0}  # unsure_share that makes the rule say never / always


def _mode_folder(fold: Path, out: Path, mode: str) -> Path:
    """The fold's models with a gate that never or always asks."""
    folder = out / "gate-modes" / fold.name / mode
    if not folder.exists():
        shutil.copytree(fold, folder)
        low, high = DEFAULT_UNSURE
        files = (fold / "models.toml").read_text(encoding="utf-8").split("[gate]")[0]
        (folder / "models.toml").write_text(
            f"{files}[gate]\nunsure = [{low}, {high}]\nunsure_share = {MODES[mode]}\n"
            "thin_body_words = 0\n",
            encoding="utf-8",
        )
    return folder


def _page_score(text: str, record: dict[str, Any]) -> float:
    if record.get("truth_kind") == "full_text":
        return score_page(text, record["article_body"] or "").f1 or 0.0
    counts = score_snippets(
        text, record.get("with_snippets") or [], record.get("without_snippets") or []
    )
    return counts.accuracy


def _page_row(task: tuple[EvalPage, dict[str, Any], dict[str, str]]) -> dict[str, Any]:
    page, record, folders = task
    row: dict[str, Any] = {"id": page.id, "dataset": record["source_dataset"]}
    source = Page(content=page.html, origin=page.id, url=page.url)
    for mode, folder in folders.items():
        config = CleanerConfig(learned=True, model_dir=Path(folder))
        html_cleaner = cleaners(config)[1]
        judged = html_cleaner.judge(source, page.html)
        kept = _kept(judged.dom.blocks, judged.labels, config.min_body_words)
        row[mode] = _page_score("\n".join(kept), record)
        if mode == "never":
            models = html_cleaner.models
            assert models is not None and judged.scores is not None
            probabilities = np.asarray(judged.scores)
            row["features"] = gate_features(
                probabilities, judged.stats, judged.labels, judged.hand, models.unsure
            ).tolist()
            shipped = replace(
                models, unsure_share=DEFAULT_UNSURE_SHARE, thin_body_words=DEFAULT_THIN_BODY_WORDS
            )  # this mode's own gate never asks: the row says what the shipped rule would
            row["rule"] = shipped.rule_asks(probabilities, judged.stats, judged.labels)
    return row


def collect(dataset: Path, out: Path, folds: Path, jobs: int) -> list[dict[str, Any]]:
    """Every page's row, read back from OUT/gate-pages.jsonl when it is there."""
    cache = out / "gate-pages.jsonl"
    if cache.exists():
        return [json.loads(line) for line in cache.read_text(encoding="utf-8").splitlines()]
    truth = load_truth(dataset)
    folders = {
        name: {mode: str(_mode_folder(folds / name, out, mode)) for mode in MODES}
        for name in sorted({r["source_dataset"] for r in truth.values()})
    }
    tasks = (
        (page, truth[page.id], folders[truth[page.id]["source_dataset"]])
        for page in iter_eval_pages(dataset, truth=truth)
    )
    with ProcessPoolExecutor(jobs) as pool:
        rows = list(pool.map(_page_row, tasks, chunksize=8))
    cache.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return rows


def fit(rows: list[dict[str, Any]]) -> VoteGate:
    """The gate fitted on `rows`, as `VoteGate` holds it (rounded as `models.toml` keeps it)."""
    x = np.array([r["features"] for r in rows])
    gain = np.array([r["always"] - r["never"] for r in rows]) - VOTE_COST
    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale[scale == 0] = 1.0
    model = LogisticRegression(C=1.0, max_iter=2000, random_state=SEED)
    model.fit((x - mean) / scale, gain > 0, sample_weight=np.abs(gain) + 1e-6)
    gate = VoteGate(mean, scale, model.coef_[0], float(model.intercept_[0]))
    return VoteGate.from_settings(gate.settings(), "fit")


def outcome(rows: list[dict[str, Any]], asks: list[bool]) -> dict[str, float]:
    """Mean page score and the share of pages voted, with the vote where `asks` says."""
    scores = [r["always"] if a else r["never"] for r, a in zip(rows, asks, strict=True)]
    return {"score": float(np.mean(scores)), "voted": float(np.mean(asks))}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dataset", type=Path)
    parser.add_argument("out", type=Path, help="pipeline_lodo.py's OUT (its folds/)")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--ship", type=Path, help="write [gate.vote] into DIR/models.toml")
    args = parser.parse_args()
    rows = collect(args.dataset, args.out, args.out / "folds", args.jobs)
    datasets = sorted({r["dataset"] for r in rows} - {HELD_OUT})
    training = [r for r in rows if r["dataset"] != HELD_OUT]
    report: dict[str, Any] = {"vote_cost": VOTE_COST, "features": list(GATE_FEATURES)}
    for held in [*datasets, HELD_OUT]:
        fitted = fit([r for r in training if r["dataset"] != held])
        mine = [r for r in rows if r["dataset"] == held]
        line = {
            "learned gate": outcome(mine, [fitted.asks(np.array(r["features"])) for r in mine]),
            "rule": outcome(mine, [r["rule"] for r in mine]),
            "never": outcome(mine, [False] * len(mine)),
            "always": outcome(mine, [True] * len(mine)),
        }
        report[held] = line
        print(
            f"{held:18} "
            + " | ".join(f"{name} {v['score']:.4f} ({v['voted']:.0%})" for name, v in line.items()),
            file=sys.stderr,
        )
    (args.out / "gate-lodo.json").write_text(json.dumps(report, indent=1) + "\n", "utf-8")
    if args.ship:
        shipped = fit(training)
        settings = shipped.settings()
        text = (args.ship / "models.toml").read_text(encoding="utf-8").split("\n[gate.vote]")[0]
        table = "\n".join(f"{key} = {json.dumps(value)}" for key, value in settings.items())
        (args.ship / "models.toml").write_text(
            f"{text.rstrip()}\n\n[gate.vote]\n{table}\n", encoding="utf-8"
        )


if __name__ == "__main__":
    main()
