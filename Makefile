check:
	ruff check .
	ruff format --check src tests benchmarks
	mypy
	lint-imports
	python -m pytest

bench:
	python benchmarks/bench_plan.py

.PHONY: check bench
