"""Benchmarks: `make bench` (all scenarios) or `make bench SCENARIOS="assessment"`."""
