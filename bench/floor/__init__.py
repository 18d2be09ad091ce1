"""The benchmark's floor: the cheapest pages this project can serve, measured beside the real
ones in the same run. Installed only when BENCH_FLOOR is set (by `make bench`)."""
