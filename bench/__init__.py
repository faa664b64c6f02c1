"""Benchmarks of the invoice contract's products: `make bench` (`python -m bench.run`).

One module per benchmark; `bench.measure` holds the shared helpers (statistics, interleaving,
timing, progress, child processes) and `bench.report` renders BENCHMARKS.md.
"""
