"""Hand-run start-up timings: each command's process beside `python -c pass` (issue 11, part 9).

    python benchmarks/bench_startup.py [RUNS]

Runs every command RUNS times (default 15) as a runner with no settings (an empty home folder),
round robin so a busy machine slows all alike, and prints the median wall time and its ratio to
an empty interpreter from the same venv; the CPU time ratio beside it is steadier when other
processes share the cores. Targets: --help, estimate, load <= 5x; plan json <= 10x; plan text
<= 12x. Compare another checkout with PYTHONPATH=its/src.
"""

from __future__ import annotations

import json
import os
import resource
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
    "estimate json": ["estimate", "--weight", "100", "--reps", "5", "--format", "json"],
    "load": ["load", "--one-rm", "140", "--percent", "80"],
    "load json": ["load", "--one-rm", "140", "--percent", "80", "--format", "json"],
    "plan json": [*PLAN, "--format", "json"],
    "plan text": PLAN,
    "check": ["check", "PLAN"],
}
TARGETS = {
    "--help": 5,
    "estimate": 5,
    "estimate json": 5,
    "load": 5,
    "load json": 5,
    "plan json": 10,
    "plan text": 12,
}


def timed(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    """One run's wall time and CPU time (user + system), in seconds."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(argv, check=True, capture_output=True, env=env)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    """Time each command and print its ratios to `python -c pass`."""
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 15
    with tempfile.TemporaryDirectory() as folder:
        # A runner with no settings: the default folders under an empty home, as on first use.
        env = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("RUNSTRONG_", "XDG_"))},
            "HOME": folder,
            "COLUMNS": "100",
        }
        cli = [str(Path(sys.executable).with_name("runstrong"))]
        plan_file = Path(folder) / "plan.json"
        made = subprocess.run(
            [*cli, *PLAN, "--format", "json"], check=True, capture_output=True, env=env
        )
        plan_file.write_text(json.dumps(json.loads(made.stdout)), encoding="utf-8")
        argvs = {"python -c pass": [sys.executable, "-c", "pass"]}
        for name, args in COMMANDS.items():
            argvs[name] = [*cli, *(str(plan_file) if a == "PLAN" else a for a in args)]
        walls: dict[str, list[float]] = {name: [] for name in argvs}
        cpus: dict[str, list[float]] = {name: [] for name in argvs}
        for argv in argvs.values():
            timed(argv, env)  # warm the file cache and any cache of ours
        for _ in range(runs):
            for name, argv in argvs.items():
                wall, cpu = timed(argv, env)
                walls[name].append(wall)
                cpus[name].append(cpu)
    base_wall = statistics.median(walls["python -c pass"])
    base_cpu = statistics.median(cpus["python -c pass"])
    print(f"{'':<16} {'wall':>9} {'ratio':>6}  {'cpu':>9} {'ratio':>6}")
    for name in argvs:
        wall, cpu = statistics.median(walls[name]), statistics.median(cpus[name])
        target = TARGETS.get(name)
        goal = f"  target <= {target}x" if target else ""
        print(
            f"{name:<16} {wall * 1000:6.1f} ms {wall / base_wall:5.1f}x"
            f"  {cpu * 1000:6.1f} ms {cpu / base_cpu:5.1f}x{goal}"
        )


if __name__ == "__main__":
    main()
