check:
	ruff check .
	ruff format --check src tests benchmarks
	mypy
	lint-imports
	python -m pytest -n auto

bench:
	python benchmarks/bench_plan.py

.PHONY: check bench
