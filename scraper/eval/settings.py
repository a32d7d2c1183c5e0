"""The evaluation's defaults and the gate's files, declared once here so that the commands'
help shows them without importing the evaluation itself (worker pools, scoring, floors)."""

from __future__ import annotations

from pathlib import Path

DEFAULT_JOBS = 1
DEFAULT_TIMEOUT = 30.0  # seconds one extraction may take before it counts as a failure
DEFAULT_BOOTSTRAP = 1000  # resamples of the pages behind each ± figure of a report
HELD_OUT = ("l3s-gn1",)  # source datasets never tuned on: reported apart, never a target

DATASET = Path("../shared/datasets/main-content-eval")
GATE_DIR = Path("tests/eval/gate")
IDS_FILE = GATE_DIR / "pages.txt"
FLOORS_FILE = GATE_DIR / "floors.toml"
"""Paths relative to the root of a checkout, where the gate's commands are run."""
PER_DATASET = 50  # pages of each source dataset in the gate's sample
SAMPLE_SEED = 0
