"""Scheduler benchmarks; each prints a markdown table.

    .venv/bin/python benchmarks/scheduling/run.py s1|s2|s2big|s3|s4|all [--workers N]
        [--time-limit S] [--only NAME]

S1: the 20 real events (JAIR 2022), every meeting placed, gaps vs the proven optimum.
S2: BIO-scale generated event (16,000 participants, 50,000 requests) vs first-come-first-served.
S2big: the same event with 100,000 requests, 5 minutes.
S3: into the published S2 schedule, cancel one meeting and add one: time and what moved.
S4: the 20 events with 60 % of the tables: placed meetings vs the LP bound.

Data: ../shared/benchmarks/ relative to the repository, or $PARTNERUP_BENCHMARKS.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import resource
import sys
import time
from dataclasses import replace
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bio import generate_bio  # noqa: E402

from partnerup.scheduling.b2b import read_b2b  # noqa: E402
from partnerup.scheduling.bound import integer_bound, lp_bound  # noqa: E402
from partnerup.scheduling.compiled import compile_problem  # noqa: E402
from partnerup.scheduling.greedy import fcfs  # noqa: E402
from partnerup.scheduling.model import Meeting  # noqa: E402
from partnerup.scheduling.solve import solve  # noqa: E402
from partnerup.scheduling.validate import validate  # noqa: E402

REPO = HERE.parent.parent


def data_dir() -> Path:
    env = os.environ.get("PARTNERUP_BENCHMARKS")
    return Path(env) if env else (REPO / ".." / "shared" / "benchmarks").resolve()


def instances() -> list[Path]:
    return sorted((data_dir() / "b2b" / "original").glob("*.dzn"))


def known() -> dict[str, str]:
    with open(data_dir() / "b2b" / "known_results.csv") as fh:
        return {
            Path(r["instance_file"]).name: r["optimum_total_breaks"]
            for r in csv.DictReader(fh)
            if r["fairness_d"] == "2"
        }


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def s1(args: argparse.Namespace) -> None:
    opt = known()
    print("| instance | meetings | placed | gaps | proven optimum (d=2) | gaps proven | seconds |")
    print("|---|---:|---:|---:|---:|---|---:|")
    equal = within2 = all_placed = 0
    files = [f for f in instances() if not args.only or args.only in f.name]
    for f in files:
        problem = read_b2b(f)
        t = time.monotonic()
        sol = solve(problem, time_limit=args.time_limit or 30, seed=args.seed, workers=args.workers)
        secs = time.monotonic() - t
        assert validate(problem, sol) == []
        best = int(opt[f.name])
        placed = sol.stats.placed == len(problem.meetings)
        all_placed += placed
        equal += placed and sol.stats.gaps == best
        within2 += placed and sol.stats.gaps <= best + 2
        name = f.name.removesuffix(".original.dzn")
        print(
            f"| {name} | {len(problem.meetings)} | {sol.stats.placed} | {sol.stats.gaps} | {best} "
            f"| {'yes' if sol.stats.gaps_proven_optimal else 'no'} | {secs:.1f} |",
            flush=True,
        )
    print(
        f"\nAll placed on {all_placed}/{len(files)}; gaps = optimum on {equal}/{len(files)}; "
        f"within 2 on {within2}/{len(files)}."
    )


def s4(args: argparse.Namespace) -> None:
    print(
        "| instance | meetings | tables (60 %) | LP bound | proven bound | placed | optimal "
        "| gaps | seconds |"
    )
    print("|---|---:|---:|---:|---:|---:|---|---:|---:|")
    hits = lp_hits = 0
    files = [f for f in instances() if not args.only or args.only in f.name]
    for f in files:
        problem = read_b2b(f, table_fraction=0.6)
        lp = integer_bound(lp_bound(compile_problem(problem))[0])
        t = time.monotonic()
        sol = solve(problem, time_limit=args.time_limit or 30, seed=args.seed, workers=args.workers)
        secs = time.monotonic() - t
        assert validate(problem, sol) == []
        hits += sol.bound.proven_optimal
        lp_hits += sol.stats.placed == lp
        name = f.name.removesuffix(".original.dzn")
        print(
            f"| {name} | {len(problem.meetings)} | {len(problem.tables)} | {lp} | "
            f"{sol.bound.weight} | {sol.stats.placed} | "
            f"{'yes' if sol.bound.proven_optimal else 'no'} | {sol.stats.gaps} | {secs:.1f} |",
            flush=True,
        )
    print(
        f"\nPlaced = proven optimum on {hits}/{len(files)}; placed = LP bound on "
        f"{lp_hits}/{len(files)}."
    )


def _bio(n_meetings: int, limit: float, args: argparse.Namespace):
    t = time.monotonic()
    problem = generate_bio(n_meetings=n_meetings, seed=args.seed or 1)
    gen = time.monotonic() - t
    c = compile_problem(problem)
    t = time.monotonic()
    base = fcfs(c)
    fcfs_secs = time.monotonic() - t
    t = time.monotonic()
    sol = solve(problem, time_limit=limit, seed=args.seed, workers=args.workers)
    secs = time.monotonic() - t
    errors = validate(problem, sol)
    return problem, sol, base.weight(), secs, gen, fcfs_secs, errors


def s2(args: argparse.Namespace, n_meetings: int = 50_000, limit: float = 120) -> None:
    limit = args.time_limit or limit
    problem, sol, fcfs_w, secs, gen, fsecs, errors = _bio(n_meetings, limit, args)
    total = sum(m.weight for m in problem.meetings)
    b = sol.bound.weight
    print(
        "| requests | total weight | bound | FCFS weight (% bound) | engine weight (% bound) "
        "| engine vs FCFS | placed | gaps | seconds | peak MB | valid |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|")
    print(
        f"| {n_meetings} | {total} | {b} | {fcfs_w} ({100 * fcfs_w / b:.2f} %) | "
        f"{sol.stats.weight} ({100 * sol.stats.weight / b:.2f} %) | "
        f"+{100 * (sol.stats.weight / fcfs_w - 1):.2f} % | {sol.stats.placed} | {sol.stats.gaps} | "
        f"{secs:.1f} | {peak_mb():.0f} | {'yes' if not errors else errors[:3]} |"
    )
    print(
        f"\n(generation {gen:.1f} s and FCFS {fsecs:.1f} s not included; bound: {sol.bound.method})"
    )


def s3(args: argparse.Namespace) -> None:
    problem = generate_bio(seed=args.seed or 1)
    published = solve(problem, time_limit=args.time_limit or 60, seed=args.seed)
    rng = random.Random(5)
    cancel = rng.choice(published.assignments).meeting
    placed_people = {p for m in problem.meetings for p in m.participants}
    people = sorted(placed_people)
    while True:
        a, b = rng.sample(people, 2)
        if not any({a, b} <= set(m.participants) for m in problem.meetings):
            break
    new = Meeting("m-new", (a, b), weight=3)
    changed = replace(problem, meetings=[m for m in problem.meetings if m.id != cancel] + [new])
    t = time.monotonic()
    sol = solve(changed, time_limit=2, seed=args.seed, keep=published)
    secs = time.monotonic() - t
    errors = validate(changed, sol)
    before = {x.meeting: (x.slot, x.table) for x in published.assignments}
    after = {x.meeting: (x.slot, x.table) for x in sol.assignments}
    kept = sum(1 for m, st in before.items() if after.get(m) == st)
    moved_other = [mv for mv in sol.moved if mv.meeting != cancel]
    print(
        "| published placed | cancelled | added | new placed | kept in place | moved | "
        "seconds | valid |"
    )
    print("|---:|---|---|---|---:|---:|---:|---|")
    print(
        f"| {len(before)} | {cancel} | {new.id} ({a}, {b}) | "
        f"{'yes ' + str(after[new.id]) if new.id in after else 'no'} | {kept} | "
        f"{len(moved_other)} | {secs:.2f} | {'yes' if not errors else errors[:3]} |"
    )
    if new.id not in after:
        reason = next(u.reason.to_dict() for u in sol.unscheduled if u.meeting == new.id)
        print(f"\nNew meeting not placed: {reason}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("which", choices=["s1", "s2", "s2big", "s3", "s4", "all"])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--time-limit", type=float, default=0)
    parser.add_argument("--only", default="")
    args = parser.parse_args()
    todo = ["s1", "s2", "s2big", "s3", "s4"] if args.which == "all" else [args.which]
    for which in todo:
        print(f"\n### {which.upper()}\n")
        if which == "s2big":
            s2(args, 100_000, 300)
        else:
            globals()[which](args)


if __name__ == "__main__":
    main()
