check:
	ruff check .
	ruff format --check .
	mypy
	lint-imports
	python -m pytest

bench:
	python benchmarks/bench_plan.py

.PHONY: check bench
