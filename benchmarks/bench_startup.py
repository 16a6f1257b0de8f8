"""Hand-run start-up timings: each command's process beside `python -c pass` (issue 11, part 9).

    python benchmarks/bench_startup.py [RUNS]

Prints the median wall time of each command and its ratio to an empty interpreter from the
same venv. Targets: --help, estimate, load <= 5x; plan json <= 10x; plan text <= 12x.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PLAN = ["plan", "--goal", "strength", "--phase", "off-season"]
COMMANDS: dict[str, list[str]] = {
    "--help": ["--help"],
    "estimate": ["estimate", "--weight", "100", "--reps", "5"],
    "load": ["load", "--one-rm", "140", "--percent", "80"],
    "plan json": [*PLAN, "--format", "json"],
    "plan text": PLAN,
    "check": ["check", "PLAN"],
}
TARGETS = {"--help": 5, "estimate": 5, "load": 5, "plan json": 10, "plan text": 12}


def median_seconds(argv: list[str], runs: int, env: dict[str, str]) -> float:
    """The median wall time of `argv` over `runs` runs, after one warm-up run."""
    subprocess.run(argv, check=True, capture_output=True, env=env)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(argv, check=True, capture_output=True, env=env)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    """Time each command and print its ratio to `python -c pass`."""
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 15
    with tempfile.TemporaryDirectory() as folder:
        env = {**os.environ, "RUNSTRONG_CONFIG_DIR": folder, "COLUMNS": "100"}
        plan_file = Path(folder) / "plan.json"
        cli = [str(Path(sys.executable).with_name("runstrong"))]
        made = subprocess.run(
            [*cli, *PLAN, "--format", "json"], check=True, capture_output=True, env=env
        )
        plan_file.write_text(json.dumps(json.loads(made.stdout)), encoding="utf-8")
        base = median_seconds([sys.executable, "-c", "pass"], runs, env)
        print(f"{'python -c pass':<16} {base * 1000:7.1f} ms")
        for name, args in COMMANDS.items():
            argv = [*cli, *(str(plan_file) if a == "PLAN" else a for a in args)]
            took = median_seconds(argv, runs, env)
            target = TARGETS.get(name)
            goal = f"  (target <= {target}x)" if target else ""
            print(f"{name:<16} {took * 1000:7.1f} ms  {took / base:5.1f}x{goal}")


if __name__ == "__main__":
    main()
