"""The scheduler answers with reason codes; the organiser's run page shows them as sentences."""

from __future__ import annotations

from django.utils import translation

from partnerup.events.schedule_reasons import render_all
from tests import factories


def test_codes_become_sentences_with_the_events_names(db):
    event = factories.make_event()
    ada = factories.make_participant(event, name="Ada Lovelace")
    bob = factories.make_participant(event, participant_type="pharma", name="Bob Byrne")
    reasons = [
        {"code": "no_common_availability", "participants": [f"p{ada.pk}", f"p{bob.pk}"]},
        {"code": "max_meetings", "participants": [f"p{bob.pk}"], "count": 2},
        {"code": "tables_taken", "count": 1},
        "a sentence stored by an older version",
        {"code": "a_code_from_a_newer_engine"},
    ]
    with translation.override("en"):
        texts = render_all(reasons)
    assert texts[0].startswith("There is no time when Ada Lovelace (")
    assert "Bob Byrne (" in texts[0] and " and " in texts[0]
    assert texts[1].startswith("Bob Byrne (") and texts[1].endswith("(2).")
    assert texts[2] == "Every table is taken at the 1 time this meeting could use."
    assert texts[3:] == ["a sentence stored by an older version", ""]
    assert not any(f"p{ada.pk}" in text for text in texts)
