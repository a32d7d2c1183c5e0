"""Single-process speed of this checkout's `clean_html` (with `--text`, `clean_text` on the
pages' whole-page text renderings) against another checkout's: the figure for a change made
for speed, or the cost of one made for accuracy.

    python benchmarks/code_speed.py OTHER_CHECKOUT [--hand] [--text] [--freeze] [--every 5]
        [--rounds 5]

Separate runs of one commit differ by ±10 % on a shared machine, more than most speed
changes gain, so a gain is read from the two codes run side by side: each in a process of its
own (its own caches, its own imports: this script imports no scraper code, so a process
imports the checkout it was given), both pinned to the same core and taking the pages in
lockstep (page 1 through each, then page 2, …), the order of the two alternating by round,
on an idle machine (bench_common's guard). The other checkout runs with this checkout's
venv: build its compiled walk there first (`python setup.py build_ext --inplace` in it, or a
copy of this checkout's `_walk*.so` if `_walk.pyx` is the same), or both run the Python
walk (`SCRAPER_PURE_PYTHON=1`); the script refuses to compare two different walks. The
learned core unless `--hand`; every 5th evaluation page by default. `--freeze`: this
checkout's process freezes its heap after the warm-up, as a job's pool worker does after
loading (`gc.freeze`); compared with a checkout of the same cleaning code, that is the
freeze's own gain.
"""

from __future__ import annotations

import argparse
import gc
import json
import sys
from multiprocessing.connection import Connection
from pathlib import Path

from bench_common import (
    ROOT,
    add_guard_options,
    alternate,
    load_note,
    lockstep,
    run_client,
    serve_pages,
    spawn_workers,
    start_pinned,
)
from bench_results import show, spread, write_results

EVAL_SET = ROOT.parent / "shared/datasets/main-content-eval"  # as bench_pages has it


def worker(
    root: str, dataset: Path, every: int, learned: bool, text: bool, freeze: bool, pipe: Connection
) -> None:
    """Times `root`'s `clean_html` (`clean_text` of the rendering, with `text`) on the page
    whose number comes down the pipe; -1 ends it. Says at start how many pages it has and
    whether it runs the compiled walk. `freeze`: the heap is frozen after the warm-up, as a
    job's pool worker freezes it after loading (`gc.freeze`)."""
    sys.path.insert(0, root)
    import scraper
    from scraper.cleaners import dom
    from scraper.config import CleanerConfig
    from scraper.eval.data import iter_eval_pages
    from scraper.eval.metadata_protocols import text_dump

    if not Path(scraper.__file__).resolve().is_relative_to(Path(root).resolve()):
        raise SystemExit(f"scraper came from {scraper.__file__}, not from {root}")
    config = CleanerConfig(learned=learned)
    pages = [p for i, p in enumerate(iter_eval_pages(dataset)) if i % every == 0]
    if text:
        renderings = [text_dump(page.html) for page in pages]  # before the clock runs

        def clean(n: int) -> object:
            return scraper.clean_text(renderings[n], pages[n].url, config=config)
    else:

        def clean(n: int) -> object:
            return scraper.clean_html(pages[n].html, pages[n].url, config=config)

    clean(0)  # rules, models
    if freeze:
        gc.freeze()
    pipe.send((len(pages), dom.COMPILED_WALK is not None))
    serve_pages(pipe, clean)


def one_round(
    roots: list[str], dataset: Path, every: int, learned: bool, text: bool, frozen: str | None
) -> dict:
    """Both checkouts over the pages in lockstep, `roots[0]` first; CPU seconds each. The
    process of the checkout `frozen` freezes its heap after the warm-up."""
    arguments = [(root, dataset, every, learned, text, root == frozen) for root in roots]
    pipes, processes = spawn_workers(worker, arguments)
    started = [pipe.recv() for pipe in pipes]
    if len({compiled for _pages, compiled in started}) > 1:
        raise SystemExit("one checkout runs the compiled walk and the other does not")
    pages = started[0][0]
    spent = [sum(seconds) for seconds in lockstep(pipes, processes, pages)]
    return {"pages": pages, "cpu_s": dict(zip(roots, spent, strict=True))}


def main(args: argparse.Namespace) -> None:
    here, other = str(ROOT), str(args.other.resolve())
    guard, plan = start_pinned(args, rounds_on_clients=True)
    rounds = iter(range(args.rounds))

    def run() -> dict:
        first = next(rounds) % 2 == 0  # which code takes each page first, by turns
        cmd = [sys.executable, __file__, other, "--round", "--dataset", str(args.dataset)]
        cmd += ["--every", str(args.every), *(["--hand"] if args.hand else [])]
        cmd += ["--text"] if args.text else []
        cmd += ["--freeze"] if args.freeze else []
        cmd += [] if first else ["--other-first"]
        done = run_client(cmd, plan)
        spent = done["cpu_s"]
        return {
            "pages": done["pages"],
            "this ms/doc": 1000 * spent[here] / done["pages"],
            "other ms/doc": 1000 * spent[other] / done["pages"],
            "speed-up": spent[other] / spent[here],
        }

    runs = alternate(guard, args.rounds, {"round": run})["round"]
    core = ("default core" if args.hand else "learned core") + (", text" if args.text else "")
    print(f"\n{core}, every {args.every}th page ({runs[0]['pages']} pages), CPU time, median "
          f"(min–max) over {args.rounds} rounds:")  # fmt: skip
    print(f"this checkout: {show(r['this ms/doc'] for r in runs)} ms a page")
    print(f"{other}: {show(r['other ms/doc'] for r in runs)} ms a page")
    print(f"this checkout's docs/s over the other's: {show((r['speed-up'] for r in runs), 3)}x")
    print(f"end: {load_note()}")
    summary = {key: spread(r[key] for r in runs) for key in runs[0]}
    write_results("code-speed", guard, {"rounds": runs, "summary": summary}, args.results)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("other", type=Path, help="the checkout to compare with")
    parser.add_argument("--hand", action="store_true", help="the default (hand-set) core")
    parser.add_argument("--text", action="store_true", help="clean_text of the text renderings")
    parser.add_argument("--every", type=int, default=5, help="take every N-th page")
    parser.add_argument("--dataset", type=Path, default=EVAL_SET)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument(
        "--freeze", action="store_true",
        help="this checkout's process freezes its heap after the warm-up, as a job's worker does",
    )  # fmt: skip
    parser.add_argument("--round", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--other-first", action="store_true", help=argparse.SUPPRESS)
    add_guard_options(parser)
    parsed = parser.parse_args()
    if parsed.round:
        roots = [str(ROOT), str(parsed.other.resolve())]
        order = roots[::-1] if parsed.other_first else roots
        frozen = str(ROOT) if parsed.freeze else None
        figures = one_round(
            order, parsed.dataset, parsed.every, not parsed.hand, parsed.text, frozen
        )
        print(json.dumps(figures))
    else:
        main(parsed)
