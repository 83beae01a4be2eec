"""Every action the code logs reads as words on the activity page, in both languages."""

from __future__ import annotations

import ast
from pathlib import Path

from django.utils import translation

from partnerup.common.activity import ACTION_LABELS, action_label

SRC = Path(__file__).resolve().parents[2] / "src" / "partnerup"


def logged_actions() -> set[str]:
    """The action names passed as a literal to `log_action(obj, "app.thing.verb", …)`."""
    actions = set()
    for path in SRC.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if (
                isinstance(node, ast.Call)
                and getattr(node.func, "id", getattr(node.func, "attr", None)) == "log_action"
                and len(node.args) >= 2
                and isinstance(node.args[1], ast.Constant)
            ):
                actions.add(node.args[1].value)
    return actions


def test_every_logged_action_has_a_label():
    actions = logged_actions()
    assert len(actions) > 30  # the walk finds the calls
    assert sorted(actions - set(ACTION_LABELS)) == []


def test_admin_actions_on_any_model_read_as_words():
    with translation.override("en"):
        assert action_label("events.venue.changed") == "Venue changed"
        assert action_label("events.traveltime.deleted") != "events.traveltime.deleted"
        assert action_label("nothing.such.changed") == "nothing.such.changed"
    with translation.override("nb"):
        assert action_label("events.call.created") == "Utlysning opprettet"
        assert action_label("events.venue.changed") == "Sted endret"
