from __future__ import annotations

from django.core.cache import cache
from django.urls import reverse
from django.utils import translation

from partnerup.directory.reasons import render
from partnerup.events import domain
from partnerup.events.recommendations import for_participant, organiser_view
from partnerup.matchmaking import Reason
from tests import factories
from tests.conftest import login


def build(db_event):
    radio = factories.term("modality", "radiopharmaceutical")
    psma = factories.term("target", "psma")
    scout = factories.make_participant(db_event, participant_type="pharma", name="Sara Scout")
    scout.seeks.set([radio, psma])
    startup = factories.make_participant(db_event, participant_type="startup", name="Rita Radio")
    startup.offers.set([radio, psma])
    unrelated = factories.make_participant(db_event, participant_type="other", name="Otto Other")
    return scout, startup, unrelated


def test_recommendations_with_reasons_and_one_click_request(client, db):
    cache.clear()
    event = factories.make_event()
    scout, startup, _unrelated = build(event)
    recommended = for_participant(scout, "en")
    assert recommended[0][0] == startup
    assert "They offer" in " ".join(recommended[0][2])
    login(client, scout.user)
    page = client.get(reverse("events:participants", args=[event.slug])).content.decode()
    assert "Recommended for you" in page
    assert "Request a meeting with Rita Radio" in page
    client.post(
        reverse("events:request_create", args=[event.slug, startup.pk]),
        {"priority": "2", "message": ""},
    )
    assert scout.sent.get().recipient == startup
    # Asked once: not suggested again.
    assert startup not in [p for p, _s, _r in for_participant(scout, "en")]


def test_reasons_in_norwegian(db):
    cache.clear()
    event = factories.make_event()
    scout, _startup, _unrelated = build(event)
    english = for_participant(scout, "en")[0][2]
    assert any(reason.startswith("They offer") for reason in english)
    reasons = for_participant(scout, "nb")[0][2]
    assert any("Radiofarmaka" in reason for reason in reasons)
    assert not any(reason.startswith("They ") for reason in reasons)


def test_reason_codes_render_as_sentences_per_language(db):
    labels = {"1": "EGFR", "2": "KRAS", "3": "HER2", "4": "PSMA"}
    seek = Reason("they_seek", terms=("1", "2", "3"), more=2)
    words = Reason("shared_words", words=("radioligand", "psma"))
    with translation.override("en"):
        assert (
            render(seek, labels)
            == "They are looking for EGFR, KRAS, HER2 and 2 others, which you offer."
        )
        assert render(words, labels) == "Both your descriptions mention “radioligand” and “psma”."
        assert (
            render(Reason("not_met_yet", type="startup"), labels)
            == "Start-up you have not met yet."
        )
    with translation.override("nb"):
        norwegian = render(seek, labels)
        assert "EGFR, KRAS, HER2 og 2 andre" in norwegian
        assert norwegian.endswith(".") and norwegian[0].isupper()
        assert "«radioligand» og «psma»" in render(words, labels)
    assert render(Reason("a_code_from_a_newer_engine"), labels) == ""


def test_organiser_sees_demand_and_who_has_no_good_match(client, db):
    cache.clear()
    event = factories.make_event()
    scout, startup, unrelated = build(event)
    no_match, demand = organiser_view(event, "en")
    assert unrelated in [p for p, _s in no_match]
    assert {p for p, _s in demand} >= {scout, startup}
    login(client, factories.make_organiser())
    page = client.get(reverse("events:dashboard", args=[event.slug])).content.decode()
    assert "Expected demand" in page and "Otto Other" in page
    domain.request_meeting(startup, scout)  # the state changes, so does the cached answer
    assert startup not in [p for p, _s, _r in for_participant(scout, "en")]


def test_directory_recommendations_respect_confidential_assets(client, db):
    cache.clear()
    radio = factories.term("modality", "radiopharmaceutical")
    pharma = factories.make_organisation("Pharma", kind="pharma")
    pharma.profile.seeks.set([radio])
    startup = factories.make_organisation("Radio Start", kind="startup")
    startup.profile.offers.set([radio])
    other = factories.make_organisation("Other Pharma", kind="pharma")
    factories.make_asset(
        startup,
        "restricted",
        audience=[pharma],
        title="Secret zebrafish radioligand",
        modality=radio,
        summary="zebrafish zebrafish",
    )
    viewer = factories.make_member(other)
    login(client, viewer)
    page = client.get(reverse("directory:organisations")).content.decode()
    assert "Recommended for you" in page
    assert "zebrafish" not in page.lower()


def test_rejecting_a_participant_with_past_requests_keeps_pages_working(client, db):
    """A rejected participant's old requests must not reach the engine as unknown ids."""
    cache.clear()
    event = factories.make_event()
    scout, startup, unrelated = build(event)
    domain.request_meeting(startup, scout)
    domain.request_meeting(unrelated, scout)
    organiser = factories.make_organiser()
    domain.decide_registration(startup, approve=False, actor=organiser)
    cache.clear()
    for user in (scout.user, unrelated.user, organiser):
        login(client, user)
        page = client.get(reverse("events:participants", args=[event.slug]))
        assert page.status_code == 200
    login(client, organiser)
    assert client.get(reverse("events:dashboard", args=[event.slug])).status_code == 200
    assert startup not in [p for p, _s, _r in for_participant(unrelated, "en")]


def test_approval_shows_at_once_in_the_other_sides_recommendations(db):
    cache.clear()
    event = factories.make_event()
    scout, startup, _unrelated = build(event)
    late = factories.make_participant(event, participant_type="academic", name="Lena Late")
    late.offers.set(startup.offers.all())
    domain.decide_registration(late, approve=False, actor=factories.make_organiser())
    assert late not in [p for p, _s, _r in for_participant(scout, "en")]
    domain.decide_registration(late, approve=True, actor=factories.make_organiser())
    assert late in [p for p, _s, _r in for_participant(scout, "en")]


def test_a_changed_profile_counts_once_the_domain_says_so(db):
    from partnerup.events.recommendations import changed

    cache.clear()
    event = factories.make_event()
    scout, _startup, unrelated = build(event)
    assert unrelated not in [p for p, _s, _r in for_participant(scout, "en")][:1]
    # The unrelated participant now offers what the scout seeks (a profile edit).
    unrelated.offers.set(scout.seeks.all())
    unrelated.type = "academic"
    unrelated.save(update_fields=["type"])
    changed(event.pk)
    assert unrelated in [p for p, _s, _r in for_participant(scout, "en")]
