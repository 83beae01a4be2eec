"""Allocation benchmark: ``.venv/bin/python benchmarks/allocation/run.py [--runs N]``.

Generates the NRMP-scale instance (47,000 pupils, 6,600 offers, 43,000 places, 15 choices)
deterministically into a temporary directory, runs the CLI ``partnerup allocate`` as a subprocess
(wall time includes interpreter start, imports, reading and writing JSON), measures peak memory
and CPU time with ``/usr/bin/time -v`` (falling back to ``resource.getrusage``), and prints a
markdown table. CPU time is reported beside wall time because the machine may be shared.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import nrmp_problem

TIME = "/usr/bin/time"


def cli_command() -> list[str]:
    script = Path(sys.executable).with_name("partnerup")
    if script.exists():
        return [str(script), "allocate"]
    return [sys.executable, "-m", "partnerup", "allocate"]  # pragma: no cover


def cpu_model() -> str:
    try:
        out = subprocess.run(["lscpu"], capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return platform.processor() or "unknown"
    for line in out.splitlines():
        if line.startswith("Model name:"):
            return line.split(":", 1)[1].strip()
    return "unknown"


def run_once(command: list[str]) -> dict[str, float]:
    """Wall seconds, CPU seconds (user+sys) and peak RSS in MiB of one CLI run."""
    use_time = os.path.exists(TIME)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    argv = [TIME, "-v", *command] if use_time else command
    started = time.perf_counter()
    done = subprocess.run(argv, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"CLI failed ({done.returncode}): {done.stderr[-2000:]}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    peak_kib = float(after.ru_maxrss)  # max over all children so far (Linux: KiB)
    if use_time:
        found = re.search(r"Maximum resident set size \(kbytes\): (\d+)", done.stderr)
        if found:
            peak_kib = float(found.group(1))
    return {"wall": wall, "cpu": cpu, "rss_mib": peak_kib / 1024}


def phase_breakdown(problem_path: Path) -> list[tuple[str, float]]:
    """CPU seconds of each step, in this process (GC paused, as the CLI does)."""
    from partnerup.allocation import engine, io

    clock = time.process_time
    steps: list[tuple[str, float]] = []
    with engine.gc_paused():
        t = clock()
        data = json.loads(problem_path.read_bytes())
        steps.append(("read + json.loads", clock() - t))
        t = clock()
        problem = io.parse_problem(data, check=False)
        steps.append(("JSON -> dataclasses", clock() - t))
        t = clock()
        compiled = engine._Compiled(problem)
        steps.append(("compile to integers (numpy)", clock() - t))
        t = clock()
        heaps = engine._deferred_acceptance(compiled)
        steps.append(("deferred acceptance loop", clock() - t))
        t = clock()
        _, outcome = engine._verify(compiled, heaps)
        steps.append(("self-check (vectorised)", clock() - t))
        t = clock()
        engine._max_flow(compiled, outcome.offer)
        steps.append(("max flow, incl. OR-Tools import", clock() - t))
        t = clock()
        result = engine.allocate(problem)
        steps.append(("allocate() again, all of the above warm", clock() - t))
        t = clock()
        json.dumps(io.result_to_json(result))
        steps.append(("result -> JSON text", clock() - t))
    return steps


def import_seconds() -> float:
    code = "import partnerup.allocation.cli"
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True)
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="measured runs per variant")
    parser.add_argument("--keep", type=Path, help="also copy the problem and result here")
    args = parser.parse_args()

    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="partnerup-alloc-bench-") as tmp:
        problem_path = Path(tmp) / "problem.json"
        result_path = Path(tmp) / "result.json"
        started = time.perf_counter()
        problem = nrmp_problem()
        problem_path.write_text(json.dumps(problem), encoding="utf-8")
        generated = time.perf_counter() - started
        places = sum(o["capacity"] for o in problem["offers"])
        choices = {len(p["preferences"]) for p in problem["pupils"]}
        ranked = sum(1 for o in problem["offers"] if "ranking" in o)
        size_mb = problem_path.stat().st_size / 1e6
        del problem

        base = [*cli_command(), str(problem_path), "--out", str(result_path)]
        variants = {
            "`partnerup allocate P --out R`": base,
            "`... --independent-check`": [*base, "--independent-check"],
        }
        run_once(base)  # warm-up: page cache, bytecode
        rows = []
        stats: dict[str, object] = {}
        for name, command in variants.items():
            samples = [run_once(command) for _ in range(args.runs)]
            walls = [s["wall"] for s in samples]
            cpus = [s["cpu"] for s in samples]
            rss = max(s["rss_mib"] for s in samples)
            stats = json.loads(result_path.read_text())["stats"]
            rows.append(
                f"| {name} | {statistics.median(walls):.2f} | {min(walls):.2f} | "
                f"{max(walls):.2f} | {statistics.median(cpus):.2f} | {rss:.0f} | "
                f"{stats['seconds']:.2f} |"
            )
        imports = statistics.median(import_seconds() for _ in range(3))
        phases = phase_breakdown(problem_path)
        if args.keep:
            args.keep.mkdir(parents=True, exist_ok=True)
            shutil.copy(problem_path, args.keep / "problem.json")
            shutil.copy(result_path, args.keep / "result.json")
    load_after = os.getloadavg()

    print(f"# Allocation benchmark ({dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC)\n")
    print(f"- Machine: {cpu_model()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print(
        f"- Load average (1 min) before/after: {load_before[0]:.2f} / {load_after[0]:.2f} "
        "(other jobs share the machine when it is above 0)"
    )
    print(
        f"- Instance: 47,000 pupils, 6,600 offers ({ranked} with a ranking), {places:,} places, "
        f"{sorted(choices)} choices each; {size_mb:.1f} MB JSON, generated in {generated:.1f} s"
    )
    print(
        f"- Result: placed {stats['placed']:,}, first choice {stats['first_choice']:,}, "
        f"max_placeable {stats['max_placeable']:,}"
    )
    print(f"- `import partnerup.allocation.cli` in a fresh interpreter: {imports:.2f} s wall\n")
    print(
        f"| command ({args.runs} runs) | wall median s | wall min s | wall max s "
        "| CPU median s | peak RSS MiB | `stats.seconds` (last run) |"
    )
    print("|---|---|---|---|---|---|---|")
    print("\n".join(rows))
    print("\nCPU seconds per step, in-process (numpy already imported):\n")
    print("| step | CPU s |\n|---|---|")
    for name, seconds in phases:
        print(f"| {name} | {seconds:.3f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
