"""CLI: success path and clear exit-2 messages on malformed input (never a traceback)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from partnerup.cli import main as partnerup_main
from partnerup.matchmaking import PROBLEM_FORMAT, RESULT_FORMAT
from partnerup.matchmaking.cli import main


def _valid() -> dict:
    return {
        "format": PROBLEM_FORMAT,
        "labels": {"mod:radio": "radiopharmaceuticals", "svc:lic": "licensing"},
        "stages": ["stage:pre", "stage:p1"],
        "participants": [
            {
                "id": "a",
                "organisation": "o1",
                "type": "startup",
                "offers": ["mod:radio"],
                "seeks": ["svc:lic"],
                "stage": "stage:pre",
                "modalities": ["mod:radio"],
                "raising": True,
                "text": "PSMA radioligands",
                "capacity": 4,
                "assets": [
                    {"id": "x", "terms": ["mod:radio"], "text": "secret", "audience": ["o2"]}
                ],
            },
            {
                "id": "b",
                "organisation": "o2",
                "type": "pharma",
                "offers": ["svc:lic"],
                "seeks": ["mod:radio"],
                "text": "radioligands",
                "capacity": 6,
            },
            {"id": "c", "organisation": "o3", "type": "investor", "capacity": 2},
        ],
        "excluded": [{"a": "a", "b": "c", "reason": "declined"}],
        "options": {"top_k": 5, "exposure_factor": 2, "weights": {"text": 0.3}},
    }


def _run(tmp_path: Path, doc, *extra: str) -> tuple[int, Path]:
    src = tmp_path / "problem.json"
    src.write_text(doc if isinstance(doc, str) else json.dumps(doc), encoding="utf-8")
    out = tmp_path / "result.json"
    return main([str(src), "--out", str(out), *extra]), out


def test_success_writes_result(tmp_path, capsys):
    code, out = _run(tmp_path, _valid(), "--top", "2")
    assert code == 0, capsys.readouterr().err
    result = json.loads(out.read_text(encoding="utf-8"))
    assert result["format"] == RESULT_FORMAT
    assert result["top_k"] == 2
    by_id = {p["id"]: p for p in result["participants"]}
    assert [r["id"] for r in by_id["a"]["recommendations"]] == ["b"]
    rec = by_id["a"]["recommendations"][0]
    # Reasons are codes with parameters (term ids), never sentences.
    assert {"code": "they_seek", "terms": ["mod:radio"]} in rec["reasons"]
    assert 0 <= rec["score"] <= 1
    assert {
        "exposure",
        "exposure_cap",
        "raw_demand",
        "expected_requests",
        "best_score",
        "has_good_match",
        "capacity",
    } <= set(by_id["b"])
    assert "no_good_match" in result


def test_dispatch_through_partnerup_console_script(tmp_path):
    src = tmp_path / "p.json"
    src.write_text(json.dumps(_valid()), encoding="utf-8")
    out = tmp_path / "r.json"
    assert partnerup_main(["recommend", str(src), "--out", str(out)]) == 0
    assert json.loads(out.read_text(encoding="utf-8"))["format"] == RESULT_FORMAT


def test_python_dash_m(tmp_path):
    src = tmp_path / "p.json"
    src.write_text(json.dumps(_valid()), encoding="utf-8")
    out = tmp_path / "r.json"
    proc = subprocess.run(
        [sys.executable, "-m", "partnerup.matchmaking", str(src), "--out", str(out)],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert out.exists()


def _mutate(path: str, value):
    doc = _valid()
    target = doc
    keys = path.split(".")
    for k in keys[:-1]:
        target = target[int(k)] if isinstance(target, list) else target[k]
    last = keys[-1]
    if value is KeyError:
        del target[last]
    elif isinstance(target, list):
        target[int(last)] = value
    else:
        target[last] = value
    return doc


BAD = [
    ("not json {", "not valid JSON"),
    (json.dumps([1, 2]), "problem: expected an object"),
    (_mutate("format", "partnerup.match-problem/2"), "format"),
    (_mutate("format", KeyError), "format"),
    (_mutate("participants", KeyError), "participants"),
    (_mutate("participants", {"a": 1}), "participants: expected a list"),
    (_mutate("participants.0.id", KeyError), "participants[0]: missing field 'id'"),
    (_mutate("participants.0.id", 7), "participants[0].id: expected a string"),
    (_mutate("participants.1.id", "a"), "duplicate participant id 'a'"),
    (_mutate("participants.0.type", "wizard"), "unknown participant type 'wizard'"),
    (_mutate("participants.0.capacity", -1), "capacity: must be >= 0"),
    (_mutate("participants.0.capacity", 2.5), "capacity: expected an integer"),
    (_mutate("participants.0.capacity", True), "capacity: expected an integer"),
    (_mutate("participants.0.capacity", KeyError), "missing field 'capacity'"),
    (_mutate("participants.0.offers", "mod:radio"), "offers: expected a list"),
    (_mutate("participants.0.seeks", [1]), "seeks[0]: expected a string"),
    (_mutate("participants.0.raising", "yes"), "raising: expected true or false"),
    (_mutate("participants.0.colour", "red"), "unknown field 'colour'"),
    (_mutate("participants.0.assets", {}), "assets: expected a list"),
    (_mutate("participants.0.assets.0.audience", "o2"), "audience: expected a list"),
    (_mutate("participants.0.assets.0.id", KeyError), "assets[0]: missing field 'id'"),
    (_mutate("excluded.0.b", "ghost"), "excluded[0].b: unknown participant 'ghost'"),
    (_mutate("excluded.0.a", KeyError), "excluded[0]: missing field 'a'"),
    (_mutate("excluded.0.b", "a"), "cannot be excluded from itself"),
    (_mutate("excluded", "a,b"), "excluded: expected a list"),
    (_mutate("labels", ["x"]), "labels: expected an object"),
    (_mutate("options.top_k", 0), "options.top_k: must be >= 1"),
    (_mutate("options.text_model", "gpt"), "options.text_model"),
    (_mutate("options.text_model", "embedding"), "'embedding' is reserved but not implemented"),
    (_mutate("options.weights", {"bogus": 1}), "unknown field 'bogus'"),
    (_mutate("options.exposure_factor", "x"), "options.exposure_factor: expected a number"),
]


@pytest.mark.parametrize(("doc", "message"), BAD, ids=[m for _, m in BAD])
def test_bad_input_exit_2(tmp_path, capsys, doc, message):
    code, out = _run(tmp_path, doc)
    err = capsys.readouterr().err
    assert code == 2
    assert message in err
    assert "Traceback" not in err
    assert not out.exists()


def test_missing_file_and_bad_arguments(tmp_path, capsys):
    assert main([str(tmp_path / "nope.json"), "--out", str(tmp_path / "r.json")]) == 2
    assert "cannot read" in capsys.readouterr().err
    assert main([]) == 2
    assert main([str(tmp_path / "p.json")]) == 2  # --out is required
    code, _ = _run(tmp_path, _valid(), "--top", "0")
    assert code == 2
    assert "--top must be >= 1" in capsys.readouterr().err
    code, _ = _run(tmp_path, _valid(), "--top", "x")
    assert code == 2


def test_duplicate_asset_ids(tmp_path, capsys):
    doc = _valid()
    doc["participants"][0]["assets"].append({"id": "x"})
    code, _ = _run(tmp_path, doc)
    assert code == 2
    assert "duplicate asset id 'x'" in capsys.readouterr().err


def test_empty_problem_is_fine(tmp_path):
    code, out = _run(tmp_path, {"format": PROBLEM_FORMAT, "participants": []})
    assert code == 0
    assert json.loads(out.read_text(encoding="utf-8"))["participants"] == []


def test_round_trip_problem_to_dict():
    from partnerup.matchmaking import problem_from_dict, problem_to_dict

    p = problem_from_dict(_valid())
    assert problem_from_dict(problem_to_dict(p)) == p
