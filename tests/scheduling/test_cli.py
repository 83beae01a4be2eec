"""The CLI: exit 0 with a valid solution, exit 2 naming the offending item for bad input."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from partnerup.scheduling.cli import main
from partnerup.scheduling.io import load_problem
from partnerup.scheduling.validate import validate

from .conftest import base_problem


def write(tmp_path, data, name="problem.json"):
    path = tmp_path / name
    path.write_text(json.dumps(data))
    return path


def good():
    data = base_problem()
    data["meetings"] = [
        {"id": "m1", "participants": ["p1", "p2"]},
        {"id": "m2", "participants": ["p2", "p3"], "weight": 2},
    ]
    return data


def test_writes_valid_solution(tmp_path, capsys):
    path = write(tmp_path, good())
    out = tmp_path / "out.json"
    assert main([str(path), "--out", str(out), "--time-limit", "3", "--seed", "2"]) == 0
    sol = json.loads(out.read_text())
    assert sol["format"] == "partnerup.schedule/2"
    assert sol["stats"]["placed"] == 2 and sol["bound"]["proven_optimal"] is True
    assert "placed 2/2" in capsys.readouterr().err


def test_keep(tmp_path):
    path = write(tmp_path, good())
    first, second = tmp_path / "a.json", tmp_path / "b.json"
    assert main([str(path), "--out", str(first), "--quiet"]) == 0
    data = good()
    data["meetings"].append({"id": "m3", "participants": ["p4", "p5"]})
    path2 = write(tmp_path, data, "p2.json")
    assert main([str(path2), "--out", str(second), "--keep", str(first), "--quiet"]) == 0
    a = {x["meeting"]: x for x in json.loads(first.read_text())["assignments"]}
    b = json.loads(second.read_text())
    assert all(a[x["meeting"]] == x for x in b["assignments"] if x["meeting"] in a)
    assert b["moved"] == [] and b["stats"]["placed"] == 3
    from partnerup.scheduling.io import solution_from_dict

    assert validate(load_problem(path2), solution_from_dict(b)) == []


BAD = [
    (
        "unknown participant",
        lambda d: d["meetings"].append({"id": "mx", "participants": ["p1", "ghost"]}),
        "meetings[mx].participants",
    ),
    (
        "unknown slot",
        lambda d: d["meetings"].append(
            {"id": "mx", "participants": ["p1", "p2"], "allowed_slots": ["zz"]}
        ),
        "meetings[mx].allowed_slots",
    ),
    (
        "fixed at unavailable slot",
        lambda d: (
            d["participants"][0].update(unavailable=["s1"]),
            d["meetings"].append(
                {"id": "mx", "participants": ["p1", "p2"], "fixed": {"slot": "s1"}}
            ),
        ),
        "meetings[mx].fixed",
    ),
    (
        "two fixed on one table",
        lambda d: d["meetings"].extend(
            [
                {"id": "mx", "participants": ["p1", "p2"], "fixed": {"slot": "s1", "table": "T1"}},
                {"id": "my", "participants": ["p3", "p4"], "fixed": {"slot": "s1", "table": "T1"}},
            ]
        ),
        "meetings[my].fixed.table",
    ),
    (
        "unknown table",
        lambda d: d["meetings"].append(
            {"id": "mx", "participants": ["p1", "p2"], "fixed": {"slot": "s1", "table": "T9"}}
        ),
        "meetings[mx].fixed.table",
    ),
    (
        "bad weight",
        lambda d: d["meetings"].append({"id": "mx", "participants": ["p1", "p2"], "weight": -1}),
        "meetings[mx].weight",
    ),
    (
        "unknown venue",
        lambda d: d["slots"].append(
            {
                "id": "x",
                "venue": "moon",
                "start": "2026-12-01T09:00:00+01:00",
                "end": "2026-12-01T09:30:00+01:00",
            }
        ),
        "slots[x].venue",
    ),
    (
        "duplicate meeting",
        lambda d: d["meetings"].append({"id": "m1", "participants": ["p1", "p3"]}),
        "meetings[m1]",
    ),
]


@pytest.mark.parametrize(("label", "mutate", "field"), BAD, ids=[b[0] for b in BAD])
def test_bad_input_exits_2(tmp_path, capsys, label, mutate, field):
    data = good()
    mutate(data)
    out = tmp_path / "out.json"
    assert main([str(write(tmp_path, data)), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert field in err
    assert not out.exists()


def test_not_json_and_missing_file(tmp_path, capsys):
    path = tmp_path / "p.json"
    path.write_text("{not json")
    assert main([str(path), "--out", str(tmp_path / "o.json")]) == 2
    assert "invalid JSON" in capsys.readouterr().err
    assert main([str(tmp_path / "none.json"), "--out", str(tmp_path / "o.json")]) == 2
    assert "cannot read" in capsys.readouterr().err


def test_bad_keep_file(tmp_path, capsys):
    path = write(tmp_path, good())
    keep = write(tmp_path, {"format": "something/else"}, "keep.json")
    assert main([str(path), "--out", str(tmp_path / "o.json"), "--keep", str(keep)]) == 2
    assert "format" in capsys.readouterr().err


def test_usage_errors_exit_2(tmp_path, capsys):
    with pytest.raises(SystemExit) as exc:
        main([str(tmp_path / "p.json")])
    assert exc.value.code == 2
    assert main([str(write(tmp_path, good())), "--out", "x", "--time-limit", "0"]) == 2


def test_python_m_entry_point(tmp_path):
    path = write(tmp_path, good())
    out = tmp_path / "o.json"
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "partnerup.scheduling",
            str(path),
            "--out",
            str(out),
            "--time-limit",
            "2",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(out.read_text())["stats"]["placed"] == 2
