"""``partnerup allocate``: exit codes, messages naming the offending field, output format."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from partnerup.allocation import (
    PROBLEM_FORMAT,
    RESULT_FORMAT,
    ProblemError,
    parse_problem,
    problem_to_json,
)
from partnerup.allocation.cli import main


def valid() -> dict[str, Any]:
    return {
        "format": PROBLEM_FORMAT,
        "pupils": [
            {"id": "ann", "preferences": ["lab", "clinic"]},
            {"id": "bob", "preferences": ["lab"]},
            {"id": "cy", "preferences": []},
        ],
        "offers": [
            {"id": "lab", "capacity": 1, "ranking": ["bob", "ann"]},
            {"id": "clinic", "capacity": 2},
        ],
        "seed": 12,
    }


def run(tmp_path: Path, data: Any, *extra: str) -> tuple[int, Path]:
    src = tmp_path / "problem.json"
    src.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    out = tmp_path / "result.json"
    return main([str(src), "--out", str(out), *extra]), out


def test_success(tmp_path: Path) -> None:
    code, out = run(tmp_path, valid())
    assert code == 0
    result = json.loads(out.read_text())
    assert result["format"] == RESULT_FORMAT
    assert result["assignments"] == [
        {"pupil": "ann", "offer": "clinic"},
        {"pupil": "bob", "offer": "lab"},
    ]
    assert result["unassigned"] == ["cy"]
    assert result["unassigned_reasons"] == {"cy": {"code": "listed_no_offers", "listed": 0}}
    stats = result["stats"]
    assert {k: stats[k] for k in ("placed", "first_choice", "rank_histogram", "max_placeable")} == {
        "placed": 2,
        "first_choice": 1,
        "rank_histogram": {"1": 1, "2": 1},
        "max_placeable": 2,
    }
    assert isinstance(stats["seconds"], float)
    assert "lottery" not in result


def test_options(tmp_path: Path) -> None:
    code, out = run(tmp_path, valid(), "--lottery", "--no-reasons", "--independent-check")
    assert code == 0
    result = json.loads(out.read_text())
    assert sorted(result["lottery"]) == ["ann", "bob", "cy"]
    assert "unassigned_reasons" not in result


def test_stdout(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "p.json"
    src.write_text(json.dumps(valid()))
    assert main([str(src)]) == 0
    assert json.loads(capsys.readouterr().out)["stats"]["placed"] == 2


def broken(change: Any) -> dict[str, Any]:
    data = valid()
    change(data)
    return data


BAD_INPUTS = {
    "not json": ("{'format':", "not valid JSON"),
    "not an object": ("[1, 2]", "expected a JSON object"),
    "deeply nested": ("[" * 100_000 + "]" * 100_000, "not valid JSON"),
    "wrong format": (broken(lambda d: d.update(format="placement/2")), "format: expected"),
    "missing pupils": (broken(lambda d: d.pop("pupils")), "pupils: missing required field"),
    "missing seed": (broken(lambda d: d.pop("seed")), "seed: missing required field"),
    "seed not int": (broken(lambda d: d.update(seed="12")), "seed: expected an integer"),
    "seed float": (broken(lambda d: d.update(seed=1.5)), "seed: expected an integer"),
    "seed bool": (broken(lambda d: d.update(seed=True)), "seed: expected an integer"),
    "pupil not object": (broken(lambda d: d["pupils"].append(3)), "pupils[3]: expected an"),
    "missing preferences": (
        broken(lambda d: d["pupils"][1].pop("preferences")),
        "pupils[1].preferences: missing required field",
    ),
    "preferences not list": (
        broken(lambda d: d["pupils"][1].update(preferences="lab")),
        "pupils[1].preferences: expected a list",
    ),
    "pupil id not string": (
        broken(lambda d: d["pupils"][2].update(id=3)),
        "pupils[2].id: expected a non-empty string",
    ),
    "duplicate pupil": (
        broken(lambda d: d["pupils"].append({"id": "bob", "preferences": []})),
        "pupils[3].id: duplicate pupil id 'bob'",
    ),
    "duplicate offer": (
        broken(lambda d: d["offers"].append({"id": "lab", "capacity": 1})),
        "offers[2].id: duplicate offer id 'lab'",
    ),
    "unknown offer in preferences": (
        broken(lambda d: d["pupils"][0]["preferences"].append("moon")),
        "pupils[0].preferences[2]: unknown offer id 'moon'",
    ),
    "offer id not string in preferences": (
        broken(lambda d: d["pupils"][0]["preferences"].append(["x"])),
        "pupils[0].preferences[2]: expected an offer id",
    ),
    "duplicate preference": (
        broken(lambda d: d["pupils"][0]["preferences"].append("lab")),
        "pupils[0].preferences[2]: offer 'lab' appears more than once",
    ),
    "negative capacity": (
        broken(lambda d: d["offers"][1].update(capacity=-1)),
        "offers[1].capacity: expected an integer >= 0",
    ),
    "capacity not int": (
        broken(lambda d: d["offers"][1].update(capacity="2")),
        "offers[1].capacity: expected an integer >= 0",
    ),
    "missing capacity": (
        broken(lambda d: d["offers"][1].pop("capacity")),
        "offers[1].capacity: missing required field",
    ),
    "ranking not list": (
        broken(lambda d: d["offers"][0].update(ranking="bob")),
        "offers[0].ranking: expected a list or absent",
    ),
    "ranking names unknown pupil": (
        broken(lambda d: d["offers"][0]["ranking"].append("zed")),
        "offers[0].ranking[2]: unknown pupil id 'zed'",
    ),
    "duplicate in ranking": (
        broken(lambda d: d["offers"][0]["ranking"].append("bob")),
        "offers[0].ranking[2]: pupil 'bob' appears more than once",
    ),
}


@pytest.mark.parametrize("name", list(BAD_INPUTS))
def test_bad_input_exits_2_naming_the_field(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    data, message = BAD_INPUTS[name]
    code, out = run(tmp_path, data)
    err = capsys.readouterr().err
    assert code == 2
    assert message in err
    assert err.startswith("partnerup allocate: error: ")
    assert "Traceback" not in err
    assert not out.exists()


def test_unreadable_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(tmp_path / "missing.json")]) == 2
    assert "cannot read" in capsys.readouterr().err
    (tmp_path / "latin1.json").write_bytes(b'{"format": "\xe9"}')
    assert main([str(tmp_path / "latin1.json")]) == 2
    assert "is not UTF-8 JSON" in capsys.readouterr().err


def test_unwritable_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "p.json"
    src.write_text(json.dumps(valid()))
    assert main([str(src), "--out", str(tmp_path / "no" / "such" / "dir.json")]) == 1
    assert "cannot write" in capsys.readouterr().err


def test_parse_problem_round_trip_and_checks() -> None:
    problem = parse_problem(valid())
    assert problem_to_json(problem) == valid()
    with pytest.raises(ProblemError, match=r"offers\[0\]\.ranking\[2\]: unknown pupil"):
        parse_problem(broken(lambda d: d["offers"][0]["ranking"].append("zed")))
    # check=False leaves cross-references to allocate().
    parse_problem(broken(lambda d: d["offers"][0]["ranking"].append("zed")), check=False)


def _console_script() -> list[str]:
    script = Path(sys.executable).with_name("partnerup")
    return [str(script), "allocate"] if script.exists() else []


@pytest.mark.parametrize(
    "command",
    [
        pytest.param([sys.executable, "-m", "partnerup.allocation"], id="python -m"),
        pytest.param(_console_script(), id="partnerup allocate"),
    ],
)
def test_entry_points(tmp_path: Path, command: list[str]) -> None:
    assert command, "the partnerup console script is not installed (make test installs it)"
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    src = tmp_path / "p.json"
    src.write_text(json.dumps(valid()))
    out = tmp_path / "r.json"
    done = subprocess.run(
        [*command, str(src), "--out", str(out)], capture_output=True, text=True, env=env
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(out.read_text())["stats"]["placed"] == 2
    src.write_text(json.dumps(broken(lambda d: d.update(seed="x"))))
    done = subprocess.run(
        [*command, str(src), "--out", str(out)], capture_output=True, text=True, env=env
    )
    assert done.returncode == 2
    assert "seed: expected an integer" in done.stderr
    assert "Traceback" not in done.stderr


def test_non_ascii_and_lone_surrogate_ids(tmp_path: Path) -> None:
    data = valid()
    data["pupils"][0]["id"] = "Zoë \ud800"
    data["offers"][0]["ranking"][1] = "Zoë \ud800"
    code, out = run(tmp_path, data)
    assert code == 0
    assert out.read_bytes().isascii()
    assert json.loads(out.read_text())["assignments"][0] == {
        "pupil": "Zoë \ud800",
        "offer": "clinic",
    }
