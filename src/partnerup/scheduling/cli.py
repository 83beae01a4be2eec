"""`partnerup schedule PROBLEM.json --out SOLUTION.json [--time-limit S] [--seed N] [--keep PREV]`.

Exit codes: 0 a solution was written; 2 malformed or contradictory input (the message names the
offending item); 1 internal error (the computed schedule failed validation; nothing written).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from partnerup.scheduling.io import ProblemError, load_problem, load_solution, solution_to_dict
from partnerup.scheduling.solve import solve
from partnerup.scheduling.validate import validate


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        print(f"partnerup schedule: error: {message}", file=sys.stderr)
        raise SystemExit(2)


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="partnerup schedule", description="Compute a one-to-one meeting schedule.")
    p.add_argument("problem", help="problem JSON (format partnerup.schedule-problem/1)")
    p.add_argument("--out", required=True, help="where to write the solution JSON")
    p.add_argument("--time-limit", type=float, default=30.0, help="seconds (default 30)")
    p.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    p.add_argument("--keep", help="previous solution whose placements are kept where feasible")
    p.add_argument(
        "--workers",
        type=int,
        default=1,
        help="CP-SAT threads (default 1: the answer then depends only on input, seed and "
        "time limit)",
    )
    p.add_argument("--quiet", action="store_true", help="no progress on stderr")
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(sys.argv[1:] if argv is None else argv)
    if args.time_limit <= 0:
        print("partnerup schedule: error: --time-limit must be positive", file=sys.stderr)
        return 2
    t0 = time.monotonic()

    def progress(message: str) -> None:
        if not args.quiet:
            print(f"[{time.monotonic() - t0:6.1f}s] {message}", file=sys.stderr, flush=True)

    try:
        problem = load_problem(args.problem)
        keep = load_solution(args.keep) if args.keep else None
        solution = solve(
            problem,
            time_limit=args.time_limit,
            seed=args.seed,
            keep=keep,
            progress=progress,
            workers=max(1, args.workers),
        )
    except ProblemError as exc:
        print(f"partnerup schedule: error: {exc}", file=sys.stderr)
        return 2
    violations = validate(problem, solution)
    if violations:
        print(
            "partnerup schedule: internal error, the schedule breaks hard rules:", file=sys.stderr
        )
        for v in violations[:20]:
            print(f"  - {v}", file=sys.stderr)
        return 1
    Path(args.out).write_text(json.dumps(solution_to_dict(solution), indent=1) + "\n")
    s = solution.stats
    progress(
        f"placed {s.placed}/{s.meetings} meetings, weight {s.weight} of bound "
        f"{solution.bound.weight}, {s.gaps} gaps, moved {len(solution.moved)}; wrote {args.out}"
    )
    return 0
