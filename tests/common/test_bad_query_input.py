"""Hostile query strings on every page: a form error, a 4xx or an ignored filter, never a 5xx.

Every URL of the project (the table of test_url_permissions) is visited with GET, as an anonymous
visitor and as an organiser, once per query parameter and bad value. The parameter names are the
union of a declared list and whatever the views read from `request.GET` or bind to a GET form, so
a new filter is fuzzed without anyone remembering to add it here.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

import partnerup
from tests.common.test_url_permissions import (
    EXPECTED,
    world_with_invitation,  # noqa: F401
)
from tests.conftest import login

DECLARED = {
    # directory search forms
    "q",
    "terms",
    "kind",
    "side",
    "members_only",
    "modality",
    "indication",
    "target",
    "stage",
    "organisation_kind",
    "expertise",
    # pagination and list filters elsewhere
    "page",
    "year",
    "organisation",
    "school",
    "round",
    "status",
    "action",
    "type",
    "slot",
    "as",
    "next",
}

BAD_VALUES = {
    "huge": "99999999999999999999999",
    "text": "abc",
    "negative": "-1",
    "long": "x" * 100_000,
}


def parameter_names() -> set[str]:
    """The declared names plus those read in views and the fields of forms bound to GET."""
    source = Path(partnerup.__file__).parent
    names = set(DECLARED)
    for path in source.rglob("*.py"):
        text = path.read_text()
        names.update(re.findall(r"request\.GET\.get(?:list)?\(\s*[\"'](\w+)[\"']", text))
        names.update(re.findall(r"request\.GET\[\s*[\"'](\w+)[\"']\s*\]", text))
    for path in source.rglob("forms.py"):
        # Search forms: their field names are query parameters.
        for block in re.findall(
            r"class \w*(?:Search|Filter)\w*\(.*?(?=\nclass |\Z)", path.read_text(), re.S
        ):
            names.update(re.findall(r"^    (\w+) = \w+", block, re.M))
    return names


PARAMETERS = sorted(parameter_names())
GET_URLS = sorted(
    name for name, (method, _kwargs, _expected) in EXPECTED.items() if method == "get"
)


def test_parameter_names_cover_the_directory_filters():
    assert {"terms", "q", "page", "expertise", "organisation_kind"} <= set(PARAMETERS)


@pytest.mark.parametrize("name", GET_URLS)
def test_bad_query_parameters_never_answer_5xx(world_with_invitation, name):  # noqa: F811
    world = world_with_invitation
    # Answer 500s as a browser would see them instead of raising, to list them all.
    client = Client(raise_request_exception=False)
    _method, kwargs, _expected = EXPECTED[name]
    url = reverse(name, kwargs=kwargs(world))
    failures = []
    for role in ("anonymous", "organiser"):
        client.logout()
        login(client, world["roles"][role])
        if client.get(url).status_code >= 300:
            continue  # the permission check answers before any parameter is read
        for label, value in BAD_VALUES.items():
            # All parameters at once: forms check each field on its own, so one request
            # exercises them all. After a 4xx (the view may have stopped at the first bad
            # parameter) or a 5xx (to name the culprit), each parameter is tried alone.
            status = client.get(url, dict.fromkeys(PARAMETERS, value)).status_code
            if status < 400:
                continue
            for parameter in PARAMETERS:
                status = client.get(url, {parameter: value}).status_code
                if status >= 500:
                    failures.append(f"{role} {url}?{parameter}=<{label}> -> {status}")
    assert not failures, "\n".join(failures)


# --- Forms: ids that are not numbers or overflow every column -------------------------------------

HUGE = BAD_VALUES["huge"]


def _post(world, role, name, kwargs, data):
    client = Client(raise_request_exception=False)
    login(client, world["roles"][role])
    return client.post(reverse(name, kwargs=kwargs), data)


@pytest.mark.parametrize("value", [HUGE, "abc", "-1"])
def test_directory_forms_answer_bad_ids_with_form_errors(world, value):
    startup = world["startup"]
    edit = _post(
        world,
        "org_admin",
        "directory:organisation_edit",
        {"slug": startup.slug},
        {"name": "Start Co", "kind": "startup", "profile-offers": [value]},
    )
    assert edit.status_code == 200
    assert edit.context["profile_form"].errors["offers"]
    create = _post(
        world,
        "org_admin",
        "directory:asset_create",
        {"slug": startup.slug},
        {"title": "T", "summary": "S", "targets": [value], "audience": [value]},
    )
    assert create.status_code == 200
    assert {"targets", "audience", "modality"} <= set(create.context["form"].errors)


@pytest.mark.parametrize("value", [HUGE, "abc"])
def test_scouting_call_form_answers_bad_term_ids_with_a_form_error(world, value):
    response = _post(
        world,
        "organiser",
        "events:calls",
        {"slug": world["event"].slug},
        {"host": world["pharma"].pk, "title": "T", "description": "D", "terms": [value]},
    )
    assert response.status_code < 500


@pytest.mark.parametrize("value", [HUGE, "abc"])
def test_registration_form_answers_bad_term_ids_with_a_form_error(world, value):
    response = _post(
        world,
        "outsider",
        "events:register",
        {"slug": world["event"].slug},
        {"organisation": world["other"].pk, "type": "biotech", "offers": [value]},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["offers"]


@pytest.mark.parametrize("value", [HUGE, "abc", "-1"])
def test_moving_a_meeting_by_hand_answers_bad_ids_with_400(world_with_invitation, value):  # noqa: F811
    world = world_with_invitation
    response = _post(
        world,
        "organiser",
        "events:schedule_run",
        {"pk": world["run"].pk},
        {"action": "move", "meeting": value, "slot": value, "table": value},
    )
    assert response.status_code == 400


@pytest.mark.parametrize(
    ("name", "kwargs"),
    [
        ("events:participants", lambda w: {"slug": w["event"].slug}),
        ("events:checkin", lambda w: {"slug": w["event"].slug}),
        ("placements:pupils", lambda w: {}),
    ],
)
def test_overlong_search_answers_400_with_a_reason(world, name, kwargs):
    client = Client(raise_request_exception=False)
    login(client, world["roles"]["organiser"])
    response = client.get(reverse(name, kwargs=kwargs(world)), {"q": "x" * 100_000})
    assert response.status_code == 400
    assert "too long" in response.content.decode()
