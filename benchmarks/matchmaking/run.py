"""Match-recommendation benchmarks.

    .venv/bin/python benchmarks/matchmaking/run.py eval  [--n 2000] [--seed 7] [--top 10]
    .venv/bin/python benchmarks/matchmaking/run.py speed [--n 16000] [--top 20] [--no-reasons]
    .venv/bin/python benchmarks/matchmaking/run.py problem --n 200 --out problem.json

``eval`` compares the engine with a tag-overlap baseline on a generated event with known
complementary pairs (see generator.py); ``speed`` times the engine end to end (problem in
memory -> MatchResult with reasons) and reports wall time and peak RSS.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import logging
import math
import os
import platform
import resource
import subprocess
import sys
import time

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from generator import generate

from partnerup.matchmaking import MatchProblem, Weights, problem_to_dict, recommend


def tag_overlap_baseline(problem: MatchProblem, k: int) -> list[list[int]]:
    """What commercial tools do: rank others by the number of tags matching the other way
    round (my offers in their seeks + their offers in my seeks), then by shared tags; no
    text, no types, no exposure control. Own organisation and excluded pairs are removed."""
    parts = problem.participants
    n = len(parts)
    vocab: dict[str, int] = {}
    for p in parts:
        for t in (*p.offers, *p.seeks):
            vocab.setdefault(t, len(vocab))
    o = np.zeros((n, len(vocab)), dtype=np.float32)
    s = np.zeros((n, len(vocab)), dtype=np.float32)
    for i, p in enumerate(parts):
        for t in p.offers:
            o[i, vocab[t]] = 1
        for t in p.seeks:
            s[i, vocab[t]] = 1
    tags = np.maximum(o, s)
    score = o @ s.T + s @ o.T + 0.01 * (tags @ tags.T)
    org = np.array([hash(p.organisation) for p in parts])
    score[org[:, None] == org[None, :]] = -1
    index = {p.id: i for i, p in enumerate(parts)}
    for e in problem.excluded:
        a, b = index[e.a], index[e.b]
        score[a, b] = score[b, a] = -1
    out = []
    for i in range(n):
        order = np.lexsort((np.arange(n), -score[i]))
        out.append([int(j) for j in order[:k] if score[i, j] > 0])
    return out


def gini(x: np.ndarray) -> float:
    x = np.sort(np.asarray(x, dtype=np.float64))
    n = len(x)
    if n == 0 or x.sum() == 0:
        return 0.0
    cum = np.cumsum(x)
    return float((n + 1 - 2 * (cum / cum[-1]).sum()) / n)


def metrics(gain: np.ndarray, lists: list[list[int]], k: int) -> dict[str, float]:
    n = gain.shape[0]
    recalls, capped, ndcgs = [], [], []
    exposure = np.zeros(n)
    for i in range(n):
        nz = np.flatnonzero(gain[i])
        rel = dict(zip(nz.tolist(), gain[i, nz].tolist(), strict=True))
        rec = lists[i][:k]
        for j in rec:
            exposure[j] += 1
        if not rel:
            continue
        hits = sum(1 for j in rec if j in rel)
        recalls.append(hits / len(rel))
        capped.append(hits / min(len(rel), k))
        dcg = sum(rel.get(j, 0) / math.log2(r + 2) for r, j in enumerate(rec))
        ideal = sorted(rel.values(), reverse=True)[:k]
        idcg = sum(g / math.log2(r + 2) for r, g in enumerate(ideal))
        ndcgs.append(dcg / idcg)
    return {
        "recall@k": float(np.mean(recalls)),
        "capped_recall@k": float(np.mean(capped)),
        "ndcg@k": float(np.mean(ndcgs)),
        "coverage": float((exposure > 0).mean()),
        "gini_exposure": gini(exposure),
        "max_exposure": float(exposure.max()),
        "with_relevant": len(recalls),
    }


def machine() -> str:
    model = "unknown"
    try:
        out = subprocess.run(["/usr/bin/lscpu"], capture_output=True, text=True, check=False).stdout
        for line in out.splitlines():
            if line.startswith("Model name"):
                model = line.split(":", 1)[1].strip()
    except OSError:
        pass
    return f"{model}, {os.cpu_count()} cores, Python {platform.python_version()}"


def cmd_eval(args: argparse.Namespace) -> int:
    t0 = time.perf_counter()
    event = generate(args.n, seed=args.seed, top_k=args.top)
    problem = event.problem
    index = {p.id: i for i, p in enumerate(problem.participants)}
    t1 = time.perf_counter()
    result = recommend(problem, args.top)
    t2 = time.perf_counter()
    engine_lists = [
        [index[r.participant_id] for r in result.recommendations[p.id]]
        for p in problem.participants
    ]
    base_lists = tag_overlap_baseline(problem, args.top)
    gain = event.relevance_matrix()
    for e in problem.excluded:
        a, b = index[e.a], index[e.b]
        gain[a, b] = gain[b, a] = 0
    rel_sizes = (gain > 0).sum(axis=1)
    print(f"machine: {machine()}")
    print(
        f"event: n={args.n} seed={args.seed} K={args.top} "
        f"mean relevant per participant={np.mean(rel_sizes):.1f} "
        f"(none for {sum(1 for r in rel_sizes if r == 0)}); "
        f"generate {t1 - t0:.1f}s, engine {t2 - t1:.1f}s"
    )
    rows = {
        "engine": metrics(gain, engine_lists, args.top),
        "tag-overlap baseline": metrics(gain, base_lists, args.top),
    }
    if args.ablations:
        for name, opts in (
            ("engine, no exposure cap", {"exposure_factor": 1e6}),
            ("engine, no text", {"weights": Weights(text=0.0)}),
            ("engine, tags+text only", {"weights": Weights(type=0.0, modality=0.0, stage=0.0)}),
        ):
            variant = dataclasses.replace(
                problem, options=dataclasses.replace(problem.options, **opts)
            )
            res = recommend(variant, args.top)
            lists = [
                [index[r.participant_id] for r in res.recommendations[p.id]]
                for p in problem.participants
            ]
            rows[name] = metrics(gain, lists, args.top)
    keys = ["recall@k", "capped_recall@k", "ndcg@k", "coverage", "gini_exposure", "max_exposure"]
    print(f"{'':26s}" + "".join(f"{k:>16s}" for k in keys))
    for name, m in rows.items():
        print(f"{name:26s}" + "".join(f"{m[k]:16.4f}" for k in keys))
    e, b = rows["engine"], rows["tag-overlap baseline"]
    beats = (
        e["recall@k"] > b["recall@k"]
        and e["ndcg@k"] > b["ndcg@k"]
        and e["coverage"] > b["coverage"]
        and e["gini_exposure"] < b["gini_exposure"]
    )
    over = sum(1 for s in result.participants if s.exposure > s.exposure_cap)
    print(f"no good match: {len(result.no_good_match)} participants; over exposure cap: {over}")
    print("engine beats baseline on every metric:", "YES" if beats else "NO")
    return 0 if beats else 1


def cmd_speed(args: argparse.Namespace) -> int:
    logging.basicConfig(format="  %(message)s")
    logging.getLogger("partnerup.matchmaking").setLevel(logging.DEBUG)
    t0 = time.perf_counter()
    event = generate(args.n, seed=args.seed, top_k=args.top)
    t1 = time.perf_counter()
    cpu0 = time.process_time()
    t2 = time.perf_counter()
    result = recommend(event.problem, args.top, with_reasons=not args.no_reasons)
    t3 = time.perf_counter()
    cpu = time.process_time() - cpu0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    total = sum(len(v) for v in result.recommendations.values())
    print(f"machine: {machine()}")
    print(f"load average at end: {os.getloadavg()}")
    print(
        f"n={args.n} K={args.top}: generate {t1 - t0:.1f}s; recommend wall {t3 - t2:.1f}s "
        f"(cpu {cpu:.1f}s), peak RSS {peak:.0f} MiB (whole process incl. generator); "
        f"{total} recommendations"
    )
    ok = (t3 - t2) <= 30 and peak <= 4096
    print("within 30 s and 4 GB:", "YES" if ok else "NO")
    return 0 if ok else 1


def cmd_problem(args: argparse.Namespace) -> int:
    event = generate(args.n, seed=args.seed, top_k=args.top)
    with open(args.out, "w", encoding="utf-8") as fh:
        json.dump(problem_to_dict(event.problem), fh, ensure_ascii=False, indent=1)
    print(f"wrote {args.out}: {args.n} participants")
    return 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    sub = ap.add_subparsers(dest="cmd", required=True)
    e = sub.add_parser("eval")
    e.add_argument("--n", type=int, default=2000)
    e.add_argument("--seed", type=int, default=7)
    e.add_argument("--top", type=int, default=10)
    e.add_argument("--ablations", action="store_true", help="also run engine variants")
    s = sub.add_parser("speed")
    s.add_argument("--n", type=int, default=16000)
    s.add_argument("--seed", type=int, default=11)
    s.add_argument("--top", type=int, default=20)
    s.add_argument("--no-reasons", action="store_true", help="recommend(with_reasons=False)")
    g = sub.add_parser("problem", help="write a generated partnerup.match-problem/1 file")
    g.add_argument("--n", type=int, default=200)
    g.add_argument("--seed", type=int, default=7)
    g.add_argument("--top", type=int, default=10)
    g.add_argument("--out", required=True)
    args = ap.parse_args()
    commands = {"eval": cmd_eval, "speed": cmd_speed, "problem": cmd_problem}
    return commands[args.cmd](args)


if __name__ == "__main__":
    sys.exit(main())
