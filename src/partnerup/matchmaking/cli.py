"""``partnerup recommend PROBLEM.json --out RESULT.json [--top K]``.

Exit status: 0 success, 2 bad input (message on stderr naming the field), 1 internal error.
"""

from __future__ import annotations

import argparse
import json
import sys

from partnerup.matchmaking.engine import recommend
from partnerup.matchmaking.formats import ProblemError, problem_from_dict, result_to_dict


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        print(f"partnerup recommend: error: {message}", file=sys.stderr)
        raise SystemExit(2)


def _parser() -> argparse.ArgumentParser:
    p = _Parser(
        prog="partnerup recommend",
        description="Recommend who should meet whom (partnerup.match-problem/1 -> "
        "partnerup.match-result/2).",
    )
    p.add_argument("problem", help="problem JSON file ('-' for stdin)")
    p.add_argument("--out", required=True, help="result JSON file ('-' for stdout)")
    p.add_argument("--top", type=int, default=None, help="recommendations per participant")
    return p


def main(argv: list[str] | None = None) -> int:
    try:
        args = _parser().parse_args(sys.argv[1:] if argv is None else argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    if args.top is not None and args.top < 1:
        print("partnerup recommend: error: --top must be >= 1", file=sys.stderr)
        return 2
    try:
        if args.problem == "-":
            raw = sys.stdin.read()
        else:
            with open(args.problem, encoding="utf-8") as fh:
                raw = fh.read()
    except (OSError, UnicodeDecodeError) as exc:
        print(f"partnerup recommend: error: cannot read {args.problem}: {exc}", file=sys.stderr)
        return 2
    source = "stdin" if args.problem == "-" else args.problem
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        print(f"partnerup recommend: error: {source} is not valid JSON: {exc}", file=sys.stderr)
        return 2
    try:
        problem = problem_from_dict(data)
    except ProblemError as exc:
        print(f"partnerup recommend: error: invalid problem: {exc}", file=sys.stderr)
        return 2
    try:
        result = recommend(problem, args.top)
        text = json.dumps(result_to_dict(result), ensure_ascii=False, indent=1)
    except Exception as exc:  # never a traceback for users
        print(f"partnerup recommend: internal error: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1
    try:
        if args.out == "-":
            sys.stdout.write(text + "\n")
        else:
            with open(args.out, "w", encoding="utf-8") as fh:
                fh.write(text + "\n")
    except OSError as exc:
        print(f"partnerup recommend: error: cannot write {args.out}: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
