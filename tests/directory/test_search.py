from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests import factories
from tests.conftest import login


@pytest.fixture
def catalogue(db):
    radio = factories.term("modality", "radiopharmaceutical")
    adc = factories.term("modality", "adc")
    prostate = factories.term("cancer_type", "prostate")
    psma = factories.term("target", "psma")
    a = factories.make_organisation("Radio Start", kind="startup", city="Bergen")
    a.profile.offers.set([radio, prostate])
    b = factories.make_organisation("ADC Bio", kind="biotech", description="Antibody conjugates")
    b.profile.offers.set([adc])
    b.profile.seeks.set([radio])
    c = factories.make_organisation("Scout Pharma", kind="pharma")
    c.profile.seeks.set([radio, psma])
    c.profile.seeks_text = "Looking for theranostics partners"
    c.profile.save()
    return {"radio": radio, "adc": adc, "prostate": prostate, "psma": psma}


def names(response) -> list[str]:
    return [organisation.name for organisation in response.context["page"]]


def test_free_text_matches_name_description_profile_text_and_term_labels(client, catalogue):
    url = reverse("directory:organisations")
    assert names(client.get(url, {"q": "conjugates"})) == ["ADC Bio"]
    assert names(client.get(url, {"q": "theranostics"})) == ["Scout Pharma"]
    assert names(client.get(url, {"q": "Radiopharm"})) == ["ADC Bio", "Radio Start", "Scout Pharma"]
    assert names(client.get(url, {"q": "bergen"})) == ["Radio Start"]


def test_term_filter_by_side(client, catalogue):
    url = reverse("directory:organisations")
    radio = catalogue["radio"].pk
    assert names(client.get(url, {"terms": radio, "side": "offers"})) == ["Radio Start"]
    assert names(client.get(url, {"terms": radio, "side": "seeks"})) == ["ADC Bio", "Scout Pharma"]
    assert len(names(client.get(url, {"terms": radio}))) == 3


def test_terms_of_one_facet_or_across_facets_and(client, catalogue):
    url = reverse("directory:organisations")
    either = client.get(url, {"terms": [catalogue["radio"].pk, catalogue["adc"].pk]})
    assert names(either) == ["ADC Bio", "Radio Start", "Scout Pharma"]
    both = client.get(url, {"terms": [catalogue["radio"].pk, catalogue["psma"].pk]})
    assert names(both) == ["Scout Pharma"]


def test_kind_filter_and_htmx_fragment(client, catalogue):
    url = reverse("directory:organisations")
    response = client.get(url, {"kind": "pharma"}, headers={"HX-Request": "true"})
    assert names(response) == ["Scout Pharma"]
    content = response.content.decode()
    assert "<html" not in content  # only the results fragment
    assert "Scout Pharma" in content


def test_invalid_filter_values_are_ignored_not_errors(client, catalogue):
    response = client.get(
        reverse("directory:organisations"), {"kind": "spaceship", "terms": "abc", "page": "-4"}
    )
    assert response.status_code == 200


def test_pagination(client, db):
    for index in range(30):
        factories.make_organisation(f"Org {index:02d}")
    url = reverse("directory:organisations")
    first = client.get(url)
    assert len(names(first)) == 25
    second = client.get(url, {"page": 2})
    assert names(second) == ["Org 25", "Org 26", "Org 27", "Org 28", "Org 29"]


def _queries(client, url) -> int:
    from django.core.cache import cache

    cache.clear()  # measure the uncached page, recommendations included
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize(
    ("url_name", "args"),
    [
        ("directory:organisations", []),
        ("directory:assets", []),
        ("directory:people", []),
        ("directory:export_organisations", ["csv"]),
        ("directory:export_assets", ["csv"]),
        ("directory:export_assets", ["xlsx"]),
    ],
)
def test_list_pages_use_the_same_number_of_queries_for_1_and_3_items(client, db, url_name, args):
    radio = factories.term("modality", "radiopharmaceutical")
    viewer_org = factories.make_organisation("Viewer Org")
    viewer = factories.make_member(viewer_org)
    login(client, viewer)

    def add_item(index):
        organisation = factories.make_organisation(f"Item {index}")
        organisation.profile.offers.set([radio])
        factories.make_asset(organisation, title=f"Asset {index}")
        factories.make_person(organisation, name=f"Person {index}")

    add_item(0)
    url = reverse(url_name, args=args)
    one = _queries(client, url)
    add_item(1)
    add_item(2)
    assert _queries(client, url) == one
