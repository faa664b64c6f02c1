# Benchmarks: `make bench` writes BENCHMARKS.md. Included by the Makefile; uses its PY, setup
# and system-deps (wrk, the load generator).

.PHONY: bench bench-quick

## bench: every benchmark (generation, client decoding, mock portal latency and throughput, Prism side by side, contract suite, peak memory) into BENCHMARKS.md (about 4 minutes on 2 cores)
bench: setup system-deps
	$(PY) -m bench.run

## bench-quick: a smoke run of every benchmark with small sizes, into reports/BENCHMARKS-quick.md
bench-quick: setup system-deps
	$(PY) -m bench.run --quick
