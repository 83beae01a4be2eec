"""Every state-changing URL of PartnerUp, posted to as every role: the answer each role gets is
declared here, and a refused POST leaves the database exactly as it was.

Which URLs change state. A view counts as read-only only when its decorator chain *proves* it:
`require_GET` / `require_http_methods([...])` keep their methods in the closure cell
`request_method_list`, and `test_every_post_url_is_listed` walks the `__wrapped__` chain of each
URL's callback from the outside in, taking the first such list. A view without one (a new
undecorated view, a class-based view, a decorator that hides the chain) counts as accepting POST
and must have a row here, so a view cannot be missed silently. `test_read_only_views_refuse_post`
checks the proof the other way round, by request: each URL deemed read-only answers POST with 405,
changing nothing, for every role whose GET it serves.

How it runs. One world per URL (about 60); each role's POST runs in a savepoint that is rolled
back, so every role meets the same world. About 30 s of CPU for the module.

What "nothing changed" means. Before and after each refused POST the test reads every row of
every table (`SELECT *`, so many-to-many tables and tables without a model count too) and the
list of stored files. Two tables are left out: `django_session`, which any request may write to
(the session carries messages and the language), and `django_migrations`, which requests never
touch. There is no `axes` or rate-limit table: rate limits live in the cache, which is not the
database.

Each row of POST_EXPECTED names a URL (or `name#variant` for a view with several POST actions),
the URL's keyword arguments, the POST data, and per role one of:
- DONE: allowed; the answer is a success or redirect (not to the log-in page) and the database
  changed, so the payload is valid and the test would notice a refusal;
- LOGIN: anonymous, sent to log in; nothing changed;
- a status code (400, 403, 404, 405, 410, 200, 302): that answer, and nothing changed.
"""

from __future__ import annotations

import os
from datetime import timedelta

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.forms.models import model_to_dict
from django.urls import URLResolver, get_resolver, reverse
from django.utils import timezone

from tests import factories
from tests.common.test_url_permissions import (
    EXPECTED as GET_EXPECTED,
)
from tests.common.test_url_permissions import (
    ROLES,
    answers,
    world_with_invitation,  # noqa: F401 (a fixture, used by post_world)
)
from tests.conftest import login

DONE = "done"
LOGIN = "login"

# In POST data: the primary key of the posting role's own organisation.
OWN_ORGANISATION = object()
OWN_ORGANISATION_OF = {
    "organiser": "other",
    "org_admin": "startup",
    "org_member": "startup",
    "outsider": "other",
    "coordinator": "school",
    "mentor": "pharma",
}

# Tables a refused request may write to legitimately (see the module docstring).
UNWATCHED_TABLES = {"django_session", "django_migrations"}


# --- Which views accept POST --------------------------------------------------------------------


def allowed_methods(callback) -> list[str] | None:
    """The methods a view's `require_http_methods` admits, or None if no such list is found."""
    view = callback
    while view is not None:
        code = getattr(view, "__code__", None)
        cells = dict(zip(code.co_freevars, view.__closure__ or (), strict=True)) if code else {}
        if "request_method_list" in cells:
            return list(cells["request_method_list"].cell_contents)
        view = getattr(view, "__wrapped__", None)
    return None


def own_named_views(patterns=None, namespace=""):
    """(name as `reverse` takes it, callback) for every URL served by PartnerUp's own code."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from own_named_views(pattern.url_patterns, inner)
        elif getattr(pattern.callback, "__module__", "").startswith("partnerup."):
            yield f"{namespace}{pattern.name}", pattern.callback


def post_url_names() -> set[str]:
    names = set()
    for name, callback in own_named_views():
        methods = allowed_methods(callback)
        if methods is None or "POST" in methods:
            names.add(name)
    return names


def all_url_names() -> set[str]:
    return {name for name, _callback in own_named_views()}


def url_of(key: str) -> str:
    return key.split("#")[0]


# --- The world, with what the POST actions need -------------------------------------------------


@pytest.fixture
def post_world(world_with_invitation):  # noqa: F811
    from partnerup.events.models import Participant, Pitch
    from partnerup.placements.models import Application

    w = world_with_invitation
    event = w["event"]
    # A pending registration for the organisers to decide on, and an account to register.
    w["pending"] = factories.make_participant(event, w["other"], "biotech")
    Participant.objects.filter(pk=w["pending"].pk).update(status="pending")
    w["newcomer"] = factories.make_member(w["other"], email="newcomer@example.org")
    w["participants"] = {p.user_id: p for p in event.participants.all()}
    # A pitch to the call (hosted by the mentor's pharma), by a third company, for the host to
    # invite; and a call hosted by the outsider's company, for the participants to pitch to.
    from partnerup.directory.models import Term
    from partnerup.events.models import ScoutingCall, Slot

    pitcher = factories.make_participant(event, w["other"], "biotech")
    w["pitch_to_invite"] = Pitch.objects.create(
        call=w["call"],
        participant=pitcher,
        title="Pitch",
        summary="s",
        stage=Term.objects.filter(facet=Term.Facet.STAGE).first(),
        modality=Term.objects.filter(facet=Term.Facet.MODALITY).first(),
    )
    w["open_call"] = ScoutingCall.objects.create(
        event=event,
        host=w["other"],
        title="Open call",
        description="d",
        deadline=timezone.now() + timedelta(days=2),
    )
    event.hosts.add(w["pharma"])
    # An application for the host to rank.
    w["application"] = Application.objects.create(
        pupil=w["pupil"], offer=w["offer"], rank=1, motivation="m"
    )
    # The meeting took place an hour ago, so feedback and "held" are possible.
    venue = event.venues.first()
    now = timezone.now()
    w["slot"] = Slot.objects.create(
        event=event, venue=venue, starts=now - timedelta(hours=1), ends=now - timedelta(minutes=40)
    )
    w["later_slot"] = Slot.objects.create(
        event=event,
        venue=venue,
        starts=now + timedelta(days=1),
        ends=now + timedelta(days=1, minutes=20),
    )
    w["table"] = venue.tables.first()
    from partnerup.events.models import Meeting

    Meeting.objects.filter(pk=w["meeting"].pk).update(
        slot=w["slot"], table=w["table"], status=Meeting.Status.ACCEPTED
    )
    # A finished schedule run that plans nothing: publishing it takes the meeting's time away.
    from partnerup.events.models import ScheduleRun

    w["done_run"] = ScheduleRun.objects.create(
        event=event,
        version=2,
        status=ScheduleRun.Status.DONE,
        solution={"assignments": [], "unscheduled": []},
    )
    # A round whose allocation has run, to adjust and publish.
    from partnerup.placements.domain import run_allocation

    w["allocated_round"] = factories.make_round(w["round"].school_year, name="Allocated round")
    allocated_offer = factories.make_offer(w["allocated_round"], w["pharma"])
    Application.objects.create(pupil=w["pupil"], offer=allocated_offer, rank=1)
    run_allocation(w["allocated_round"], w["roles"]["organiser"])
    # Events nobody may register for on their own: an unpublished one, and one by invitation.
    from partnerup.events.models import Event

    w["draft_event"] = factories.make_event(name="Draft", slug="draft-days")
    Event.objects.filter(pk=w["draft_event"].pk).update(published=False)
    w["closed_event"] = factories.make_event(
        name="Closed", slug="closed-days", visibility="invitation"
    )
    # Across the lines: a pupil of another school, and a placement at the mentor's company that
    # someone else mentors.
    from partnerup.placements.models import Placement

    w["other_school"] = factories.make_organisation("Other School", kind="school", slug="o-s")
    w["other_pupil"] = factories.make_pupil(w["other_school"], "Oda Other", consent=True)
    w["other_placement"] = Placement.objects.create(
        pupil=w["other_pupil"],
        offer=w["offer"],
        round=w["round"],
        host=w["pharma"],
        field="lab",
        year=2026,
        mentor=None,
    )
    return w


# --- Payloads -----------------------------------------------------------------------------------


def form_data(instance, fields, prefix: str = "", **changes) -> dict:
    """POST data for a model form showing `instance`, with `changes` applied."""
    data = model_to_dict(instance, fields=fields)
    data.update(changes)
    out = {}
    for name, value in data.items():
        if value is None:
            continue
        if hasattr(value, "pk"):
            value = value.pk
        elif isinstance(value, list | tuple | set):
            value = [getattr(v, "pk", v) for v in value]
        elif isinstance(value, bool):
            value = "on" if value else ""
            if not value:
                continue
        out[f"{prefix}-{name}" if prefix else name] = value
    return out


def per_role(builder):
    """Mark a data builder that takes the world and the role."""
    builder.per_role = True
    return builder


@per_role
def me_data(w, role):
    from partnerup.directory.models import Person

    data = {"account-name": "New Name", "account-language": "nb"}
    # The role's own person, posted unchanged: only the account changes.
    person = Person.objects.filter(user=w["roles"][role]).first() if role != "anonymous" else None
    if person is not None:
        fields = ["name", "title", "expertise", "expertise_terms", "languages", "email", "public"]
        data.update(form_data(person, fields, "person"))
    return data


def organisation_data(w, key="startup"):
    from partnerup.directory.models import PartneringProfile

    organisation = w[key]
    profile = PartneringProfile.objects.filter(
        organisation=organisation
    ).first() or PartneringProfile(organisation=organisation)
    data = form_data(
        organisation,
        [
            "name",
            "kind",
            "website",
            "description",
            "city",
            "country",
            "listed",
            "is_member",
            "member_since",
            "board_seats",
        ],
        description="Changed by a POST.",
    )
    data.update(form_data(profile, ["offers", "offers_text", "seeks", "seeks_text"], "profile"))
    return data


def asset_data(w, asset=None, **changes):
    from partnerup.directory.models import Term

    base = {
        "title": "A new asset",
        "modality": Term.objects.filter(facet=Term.Facet.MODALITY).first().pk,
        "stage": Term.objects.filter(facet=Term.Facet.STAGE).first().pk,
        "summary": "Summary.",
        "visibility": "public",
    }
    if asset is not None:
        base = form_data(
            asset,
            ["title", "modality", "indication", "targets", "stage", "summary", "visibility"],
        )
        base["audience"] = [o.pk for o in asset.audience.all()]
    base.update(changes)
    return base


def round_data(w, **changes):
    placement_round = w["round"]
    data = form_data(
        placement_round,
        ["school_year", "name", "max_choices", "status", "seed"],
        name="Autumn round",
    )
    data["opens"] = placement_round.opens.strftime("%Y-%m-%dT%H:%M")
    data["deadline"] = placement_round.deadline.strftime("%Y-%m-%dT%H:%M")
    data.update(changes)
    return data


def offer_data(w, **changes):
    data = form_data(
        w["offer"],
        [
            "round",
            "host",
            "title",
            "field",
            "description",
            "starts",
            "ends",
            "place",
            "capacity",
            "requirements",
            "mentors",
        ],
        title="Changed offer",
    )
    data["starts"] = "2027-03-01"
    data["ends"] = "2027-03-05"
    data.update(changes)
    return data


def pupil_data(w, **changes):
    data = form_data(
        w["pupil"],
        ["name", "school", "school_class", "level", "email", "language"],
        name="Petra Changed",
    )
    data.update(changes)
    return data


def apply_data(w):
    offer = w["offer"]
    return {f"rank_{offer.pk}": "1", f"motivation_{offer.pk}": "I like labs."}


def call_data(w):
    return {
        "host": w["pharma"].pk,
        "title": "A new call",
        "description": "We look for partners.",
        "deadline": (timezone.now() + timedelta(days=3)).strftime("%Y-%m-%dT%H:%M"),
    }


def pitch_data(w):
    from partnerup.directory.models import Term

    return {
        "title": "My pitch",
        "summary": "A summary.",
        "stage": Term.objects.filter(facet=Term.Facet.STAGE).first().pk,
        "modality": Term.objects.filter(facet=Term.Facet.MODALITY).first().pk,
    }


def pupil_kwargs(w):
    return {"pk": w["pupil"].pk}


def placement_kwargs(w):
    return {"pk": w["placement"].pk}


# --- The table ----------------------------------------------------------------------------------

# Shorthands. `answers(default, **overrides)` comes from the GET matrix.
ORGANISERS_DO = answers(403, anonymous=LOGIN, organiser=DONE)

# key -> (kwargs builder, data builder, expected answer per role). A data builder takes the world,
# or (marked `per_role`) the world and the role.
POST_EXPECTED = {
    # --- common
    "outbox_resend": (lambda w: {"pk": w["mail"].pk}, lambda w: {}, ORGANISERS_DO),
    # --- accounts
    "accounts:me": (
        lambda w: {},
        me_data,
        answers(DONE, anonymous=LOGIN),
    ),
    # Deleting one's own account asks for the password again; pupils' records are erased by their
    # coordinator instead.
    "accounts:delete_me": (
        lambda w: {},
        lambda w: {"password": factories.PASSWORD},
        answers(DONE, anonymous=LOGIN, pupil=403),
    ),
    "accounts:delete_me#wrong_password": (
        lambda w: {},
        lambda w: {"password": "not-the-password"},
        answers(200, anonymous=LOGIN, pupil=403),
    ),
    "accounts:invitations": (
        lambda w: {},
        lambda w: {
            "email": "invited@example.org",
            "name": "Invited",
            "organisation": w["startup"].pk,
            "role": "member",
            "language": "en",
        },
        answers(403, anonymous=LOGIN, organiser=DONE, org_admin=DONE),
    ),
    # Organisation admins invite only to their own organisation, and never organisers.
    "accounts:invitations#other_organisation": (
        lambda w: {},
        lambda w: {
            "email": "invited@example.org",
            "name": "Invited",
            "organisation": w["pharma"].pk,
            "role": "admin",
            "language": "en",
        },
        answers(403, anonymous=LOGIN, organiser=DONE, org_admin=200),
    ),
    "accounts:invitations#organiser_role": (
        lambda w: {},
        lambda w: {
            "email": "invited@example.org",
            "name": "Invited",
            "role": "organiser",
            "language": "en",
        },
        answers(403, anonymous=LOGIN, organiser=DONE, org_admin=200),
    ),
    # Accepting binds to the invited address: nobody in the world has it.
    "accounts:invitation": (
        lambda w: {"token": w["invitation"].token},
        lambda w: {},
        answers(302, anonymous=200),
    ),
    # The language is kept in the account of signed-in users; anonymous get only the cookie.
    "accounts:set_language": (
        lambda w: {},
        lambda w: {"language": "nb", "next": "/"},
        answers(DONE, anonymous=302),
    ),
    # A log-in page: it changes nothing itself.
    "accounts:admin_login": (
        lambda w: {},
        lambda w: {},
        answers(403, anonymous=LOGIN, organiser=302),
    ),
    # --- directory
    "directory:organisation_edit": (
        lambda w: {"slug": w["startup"].slug},
        organisation_data,
        answers(403, anonymous=LOGIN, organiser=DONE, org_admin=DONE),
    ),
    # An unlisted organisation: its own admins only, and nobody else learns it exists.
    "directory:organisation_edit#hidden": (
        lambda w: {"slug": w["hidden"].slug},
        lambda w: organisation_data(w, "hidden"),
        answers(404, organiser=DONE),
    ),
    "directory:asset_create": (
        lambda w: {"slug": w["startup"].slug},
        lambda w: asset_data(w),
        answers(403, anonymous=LOGIN, organiser=DONE, org_admin=DONE, org_member=DONE),
    ),
    "directory:asset_create#other_organisation": (
        lambda w: {"slug": w["pharma"].slug},
        lambda w: asset_data(w),
        answers(403, anonymous=LOGIN, organiser=DONE, mentor=DONE),
    ),
    "directory:asset_edit": (
        lambda w: {"pk": w["assets"]["restricted"].pk},
        lambda w: asset_data(w, w["assets"]["restricted"], title="Changed"),
        answers(404, organiser=DONE, org_admin=DONE, org_member=DONE, mentor=403),
    ),
    "directory:asset_delete": (
        lambda w: {"pk": w["assets"]["restricted"].pk},
        lambda w: {},
        answers(404, organiser=DONE, org_admin=DONE, org_member=DONE, mentor=403),
    ),
    # --- placements
    "placements:history_import": (
        lambda w: {},
        lambda w: {},
        answers(403, anonymous=LOGIN, organiser=200),
    ),
    "placements:round_create": (lambda w: {}, round_data, ORGANISERS_DO),
    "placements:round_edit": (lambda w: {"pk": w["round"].pk}, round_data, ORGANISERS_DO),
    "placements:round_allocate": (lambda w: {"pk": w["round"].pk}, lambda w: {}, ORGANISERS_DO),
    "placements:round_adjust": (
        lambda w: {"pk": w["allocated_round"].pk},
        lambda w: {"pupil": w["pupil"].pk, "offer": ""},
        ORGANISERS_DO,
    ),
    "placements:round_publish": (
        lambda w: {"pk": w["allocated_round"].pk},
        lambda w: {},
        ORGANISERS_DO,
    ),
    "placements:apply": (
        lambda w: {"pk": w["round"].pk},
        apply_data,
        answers(403, anonymous=LOGIN, pupil=DONE),
    ),
    "placements:offer_create": (
        lambda w: {},
        lambda w: offer_data(w, title="New offer", host=OWN_ORGANISATION),
        answers(DONE, anonymous=LOGIN, coordinator=403, pupil=403),
    ),
    # Nobody hosts for an organisation they do not belong to.
    "placements:offer_create#other_host": (
        lambda w: {},
        lambda w: offer_data(w, title="New offer", host=w["pharma"].pk),
        answers(200, anonymous=LOGIN, organiser=DONE, mentor=DONE, coordinator=403, pupil=403),
    ),
    "placements:offer_edit#move_host": (
        lambda w: {"pk": w["offer"].pk},
        lambda w: offer_data(w, host=w["startup"].pk),
        answers(403, anonymous=LOGIN, organiser=DONE, mentor=200),
    ),
    "placements:offer_edit": (
        lambda w: {"pk": w["offer"].pk},
        offer_data,
        answers(403, anonymous=LOGIN, organiser=DONE, mentor=DONE),
    ),
    "placements:offer_rank": (
        lambda w: {"pk": w["offer"].pk},
        lambda w: {f"position_{w['application'].pk}": "1"},
        answers(403, anonymous=LOGIN, organiser=DONE, mentor=DONE),
    ),
    "placements:pupil_create": (
        lambda w: {},
        lambda w: pupil_data(w, name="Nina New", email="nina@example.org"),
        answers(403, anonymous=LOGIN, organiser=DONE, coordinator=DONE),
    ),
    # Recording the guardian's consent on the pupil's page.
    "placements:pupil": (
        pupil_kwargs,
        lambda w: {"guardian_name": "Guardian", "given_on": "2026-01-05"},
        answers(404, organiser=DONE, coordinator=DONE, mentor=403, pupil=403),
    ),
    # A coordinator may not touch another school's pupil, nor move a pupil there.
    "placements:pupil#other_school": (
        lambda w: {"pk": w["other_pupil"].pk},
        lambda w: {"guardian_name": "Guardian", "given_on": "2026-01-05"},
        answers(404, organiser=DONE),
    ),
    "placements:pupil_edit#other_school": (
        lambda w: {"pk": w["other_pupil"].pk},
        lambda w: form_data(
            w["other_pupil"],
            ["name", "school", "school_class", "level", "email", "language"],
            name="Oda Changed",
        ),
        answers(404, organiser=DONE),
    ),
    "placements:pupil_edit#move_to_other_school": (
        pupil_kwargs,
        lambda w: pupil_data(w, school=w["other_school"].pk),
        answers(404, organiser=DONE, coordinator=200, mentor=403, pupil=403),
    ),
    "placements:pupil_create#other_school": (
        lambda w: {},
        lambda w: pupil_data(w, name="Nina New", school=w["other_school"].pk),
        answers(403, anonymous=LOGIN, organiser=DONE, coordinator=200),
    ),
    "placements:pupil_erase#other_school": (
        lambda w: {"pk": w["other_pupil"].pk},
        lambda w: {},
        answers(404, organiser=DONE),
    ),
    "placements:pupil_edit": (
        pupil_kwargs,
        pupil_data,
        answers(404, organiser=DONE, coordinator=DONE, mentor=403, pupil=403),
    ),
    "placements:pupil_erase": (
        pupil_kwargs,
        lambda w: {},
        answers(404, organiser=DONE, coordinator=DONE, mentor=403, pupil=403),
    ),
    # The mentor's part of the placement.
    "placements:placement": (
        placement_kwargs,
        lambda w: form_data(
            w["placement"],
            ["status", "days_attended", "mentor", "mentor_rating", "mentor_evaluation"],
            days_attended=3,
        ),
        answers(404, organiser=DONE, coordinator=403, mentor=DONE, pupil=403),
    ),
    # A mentor mentors only their own placements, not every one at their company.
    "placements:placement#not_mentored": (
        lambda w: {"pk": w["other_placement"].pk},
        lambda w: form_data(
            w["other_placement"],
            ["status", "days_attended", "mentor", "mentor_rating", "mentor_evaluation"],
            days_attended=2,
        ),
        answers(404, organiser=DONE),
    ),
    "placements:placement_evaluate": (
        placement_kwargs,
        lambda w: {"pupil_rating": "5", "pupil_evaluation": "Great."},
        answers(404, organiser=403, coordinator=403, mentor=403, pupil=DONE),
    ),
    "placements:activity_create": (
        lambda w: {},
        lambda w: {
            "programme": w["programme"].pk,
            "kind": "lab_visit",
            "title": "Lab visit",
            "date": "2026-05-01",
            "attendance-TOTAL_FORMS": "0",
            "attendance-INITIAL_FORMS": "0",
        },
        ORGANISERS_DO,
    ),
    # --- events
    "events:register": (
        lambda w: {"slug": w["event"].slug},
        lambda w: {"organisation": OWN_ORGANISATION, "type": "biotech"},
        answers(DONE, anonymous=LOGIN, pupil=403, org_member=302, mentor=302),
    ),
    "events:register#unpublished": (
        lambda w: {"slug": w["draft_event"].slug},
        lambda w: {"organisation": OWN_ORGANISATION, "type": "biotech"},
        answers(404, organiser=DONE),
    ),
    "events:register#by_invitation": (
        lambda w: {"slug": w["closed_event"].slug},
        lambda w: {"organisation": OWN_ORGANISATION, "type": "biotech"},
        # The form says why; organisers run the event and may register.
        answers(200, anonymous=LOGIN, organiser=DONE, pupil=403),
    ),
    "events:register#other_organisation": (
        lambda w: {"slug": w["event"].slug},
        lambda w: {"organisation": w["pharma"].pk, "type": "pharma"},
        # Organisers register for any organisation (they also register others on their behalf).
        answers(200, anonymous=LOGIN, organiser=DONE, pupil=403, org_member=302, mentor=302),
    ),
    "events:request_create": (
        lambda w: {"slug": w["event"].slug, "pk": w["meeting_request"].recipient_id},
        lambda w: {"message": "Again?", "priority": "1"},
        answers(403, anonymous=LOGIN, organiser=302, org_member=302, mentor=302),
    ),
    "events:request_action#accept": (
        lambda w: {"pk": w["meeting_request"].pk, "action": "accept"},
        lambda w: {},
        answers(404, organiser=DONE, org_member=403, mentor=DONE),
    ),
    "events:request_action#decline": (
        lambda w: {"pk": w["meeting_request"].pk, "action": "decline"},
        lambda w: {"reason": "No time."},
        answers(404, organiser=DONE, org_member=403, mentor=DONE),
    ),
    "events:request_action#cancel": (
        lambda w: {"pk": w["meeting_request"].pk, "action": "cancel"},
        lambda w: {},
        answers(404, organiser=DONE, org_member=DONE, mentor=DONE),
    ),
    "events:registrations#decide": (
        lambda w: {"slug": w["event"].slug},
        lambda w: {"participant": w["pending"].pk, "decision": "approve"},
        ORGANISERS_DO,
    ),
    # Several ticked at once, rejected with a reason for the e-mail.
    "events:registrations#bulk_reject": (
        lambda w: {"slug": w["event"].slug},
        lambda w: {
            "participant": [w["pending"].pk, w["meeting_request"].sender_id],
            "decision": "reject",
            "reason": "The event is full.",
        },
        ORGANISERS_DO,
    ),
    # One row's button.
    "events:registrations#row": (
        lambda w: {"slug": w["event"].slug},
        lambda w: {"row": f"approve:{w['pending'].pk}"},
        ORGANISERS_DO,
    ),
    "events:registrations#on_behalf": (
        lambda w: {"slug": w["event"].slug},
        lambda w: {
            "email": "newcomer@example.org",
            "organisation": w["other"].pk,
            "type": "biotech",
        },
        ORGANISERS_DO,
    ),
    "events:checkin": (
        lambda w: {"slug": w["event"].slug},
        lambda w: {"participant": w["meeting_request"].recipient_id},
        ORGANISERS_DO,
    ),
    "events:checkin#on_behalf": (
        lambda w: {"slug": w["event"].slug},
        lambda w: {
            "email": "newcomer@example.org",
            "organisation": w["other"].pk,
            "type": "biotech",
        },
        ORGANISERS_DO,
    ),
    # Renewing one's own calendar link.
    "events:agenda": (
        lambda w: {"slug": w["event"].slug},
        lambda w: {},
        answers(404, org_member=DONE, mentor=DONE),
    ),
    "events:meeting": (
        lambda w: {"pk": w["meeting"].pk},
        lambda w: {"rating": "4", "outcome": "meeting", "note": "Good."},
        answers(404, organiser=403, org_member=DONE, mentor=DONE),
    ),
    "events:meeting#held": (
        lambda w: {"pk": w["meeting"].pk},
        lambda w: {"held": "1"},
        answers(404, organiser=DONE, org_member=DONE, mentor=DONE),
    ),
    "events:meeting#colleague": (
        lambda w: {"pk": w["meeting"].pk},
        lambda w: {"colleague": w["pending"].pk},
        answers(404, organiser=302, org_member=302, mentor=302),
    ),
    "events:meeting_pick_slot": (
        lambda w: {"pk": w["meeting"].pk},
        lambda w: {"slot": w["slot"].pk if w["slot"] else ""},
        answers(404, organiser=302, org_member=302, mentor=302),
    ),
    "events:calls": (
        lambda w: {"slug": w["event"].slug},
        call_data,
        answers(403, anonymous=LOGIN, organiser=DONE, mentor=DONE),
    ),
    "events:calls#other_host": (
        lambda w: {"slug": w["event"].slug},
        lambda w: {**call_data(w), "host": w["startup"].pk},
        answers(403, anonymous=LOGIN, organiser=200, mentor=200),
    ),
    "events:call": (
        lambda w: {"pk": w["open_call"].pk},
        pitch_data,
        answers(403, anonymous=LOGIN, organiser=403, org_member=DONE, mentor=DONE),
    ),
    "events:call#invite": (
        lambda w: {"pk": w["call"].pk},
        lambda w: {"invite": "1", "pitch": [w["pitch_to_invite"].pk], "message": "Let us meet."},
        answers(403, anonymous=LOGIN, organiser=DONE, mentor=DONE),
    ),
    # Declining a pitch (the host) and withdrawing it (the pitcher) end the host's access to
    # its attachment; a pitch one cannot see is not on one's list (400).
    "events:call#decline": (
        lambda w: {"pk": w["call"].pk},
        lambda w: {"decline": "1", "pitch": w["pitch_to_invite"].pk},
        answers(400, anonymous=LOGIN, pupil=403, organiser=DONE, mentor=DONE),
    ),
    "events:call#withdraw": (
        lambda w: {"pk": w["call"].pk},
        lambda w: {"withdraw": "1", "pitch": w["pitch"].pk},
        answers(400, anonymous=LOGIN, pupil=403, organiser=403, mentor=403, org_member=DONE),
    ),
    "events:schedule": (
        lambda w: {"slug": w["event"].slug},
        lambda w: {"time_limit": "1"},
        ORGANISERS_DO,
    ),
    "events:schedule_run#publish": (
        lambda w: {"pk": w["done_run"].pk},
        lambda w: {"action": "publish"},
        ORGANISERS_DO,
    ),
    "events:schedule_run#move": (
        lambda w: {"pk": w["run"].pk},
        lambda w: {
            "action": "move",
            "meeting": w["meeting"].pk,
            "slot": w["slot"].pk if w["slot"] else "",
            "table": w["table"].pk,
        },
        ORGANISERS_DO,
    ),
}


# --- The fingerprint ----------------------------------------------------------------------------


def fingerprint() -> dict[str, list[str]]:
    """Every row of every watched table, and the stored files."""
    state = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            if table in UNWATCHED_TABLES:
                continue
            # The table names come from the database itself, not from input.
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            state[table] = sorted(repr(row) for row in cursor.fetchall())
    files = []
    for root, _dirs, names in os.walk(settings.MEDIA_ROOT):
        for name in names:
            path = os.path.join(root, name)
            files.append(f"{path} {os.path.getsize(path)}")
    state["<files>"] = sorted(files)
    return state


def changes(before: dict, after: dict) -> dict[str, dict[str, list[str]]]:
    out = {}
    for table in sorted(set(before) | set(after)):
        old, new = set(before.get(table, [])), set(after.get(table, []))
        if old != new:
            out[table] = {"gone": sorted(old - new)[:3], "new": sorted(new - old)[:3]}
    return out


# --- The tests ----------------------------------------------------------------------------------


def test_every_post_url_is_listed():
    assert post_url_names() == {url_of(key) for key in POST_EXPECTED}


def test_every_row_names_every_role():
    for key, (_kwargs, _data, expected) in POST_EXPECTED.items():
        assert set(expected) == set(ROLES), key


def is_login_redirect(response) -> bool:
    login_url = reverse(settings.LOGIN_URL)
    return response.status_code == 302 and response["Location"].startswith(login_url)


def outcome(response, changed: dict):
    """What a POST did, in the terms of POST_EXPECTED; a change the table does not allow shows as
    the status with the changed tables."""
    status = response.status_code
    if is_login_redirect(response) and not changed:
        return LOGIN
    if status < 400 and not is_login_redirect(response) and changed:
        return DONE
    if changed:
        return f"{status} and changed {changed}"
    return status


@pytest.mark.parametrize("key", sorted(POST_EXPECTED))
def test_post_as_every_role(client, post_world, key):
    """One world per URL; each role's POST runs in a savepoint that is rolled back, so every role
    meets the same world and the module stays fast."""
    kwargs, data, expected = POST_EXPECTED[key]
    url = reverse(url_of(key), kwargs=kwargs(post_world))
    seen = {}
    for role in ROLES:
        own = post_world.get(OWN_ORGANISATION_OF.get(role, ""))
        raw = data(post_world, role) if getattr(data, "per_role", False) else data(post_world)
        payload = {
            name: (own.pk if own else "") if value is OWN_ORGANISATION else value
            for name, value in raw.items()
        }
        cache.clear()  # rate limits and remembered codes start afresh for each role
        client.logout()
        with transaction.atomic():
            login(client, post_world["roles"][role])
            before = fingerprint()
            response = client.post(url, payload)
            seen[role] = outcome(response, changes(before, fingerprint()))
            transaction.set_rollback(True)
    assert seen == expected


def test_read_only_views_refuse_post(client, post_world):
    """The other direction of `post_url_names`: every URL deemed read-only answers a POST with 405,
    changing nothing, for each role whose GET it serves (the others are refused before the method
    check; their refusals are the GET matrix's business)."""
    read_only = all_url_names() - post_url_names()
    assert read_only, "no read-only URL found: the method check is broken"
    # A URL missing from the GET matrix fails `test_every_url_is_listed` there.
    read_only &= set(GET_EXPECTED)
    wrong = {}
    for name in sorted(read_only):
        _method, kwargs, get_expected = GET_EXPECTED[name]
        url = reverse(name, kwargs=kwargs(post_world))
        for role in ROLES:
            if get_expected[role] != 200:
                continue
            client.logout()
            login(client, post_world["roles"][role])
            before = fingerprint()
            response = client.post(url, {})
            if response.status_code != 405 or changes(before, fingerprint()):
                wrong[(name, role)] = response.status_code
    assert not wrong
