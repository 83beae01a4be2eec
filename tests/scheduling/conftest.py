"""Shared builders for scheduler tests: problems as JSON-like dicts, parsed by the real parser."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from partnerup.scheduling.io import problem_from_dict


def slot(sid: str, start: str, end: str, venue: str = "occ") -> dict[str, Any]:
    return {
        "id": sid,
        "venue": venue,
        "start": f"2026-12-01T{start}:00+01:00",
        "end": f"2026-12-01T{end}:00+01:00",
    }


def base_problem() -> dict[str, Any]:
    return {
        "format": "partnerup.schedule-problem/1",
        "timezone": "Europe/Oslo",
        "venues": [{"id": "occ", "name": "Oslo"}, {"id": "osp", "name": "Science park"}],
        "slots": [
            slot("s1", "09:00", "09:30"),
            slot("s2", "09:30", "10:00"),
            slot("s3", "10:00", "10:30"),
            slot("s4", "10:30", "11:00"),
            slot("o1", "10:30", "11:00", "osp"),
            slot("o2", "11:00", "11:30", "osp"),
        ],
        "tables": [
            {"id": "T1", "venue": "occ", "seats": 2},
            {"id": "T2", "venue": "occ", "seats": 3},
            {"id": "U1", "venue": "osp", "seats": 2},
        ],
        "travel_minutes": [{"from": "occ", "to": "osp", "minutes": 40}],
        "participants": [{"id": f"p{i}"} for i in range(1, 6)],
        "meetings": [],
    }


@pytest.fixture
def problem_dict() -> dict[str, Any]:
    return copy.deepcopy(base_problem())


def build(data: dict[str, Any]):
    return problem_from_dict(data)
