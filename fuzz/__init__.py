"""Fuzzing harness: `python -m fuzz TARGET` (see fuzz/README.md)."""
