"""The shared parsing of ids, numbers and search text from untrusted input."""

from __future__ import annotations

import pytest
from django.http import QueryDict

from partnerup.common.forms import (
    MAX_ID,
    IdMultipleChoiceField,
    QueryParameterError,
    SearchField,
    bounded_int,
    id_list,
    parse_id,
    search_text,
)

HUGE = "99999999999999999999999"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("7", 7),
        (" 7 ", 7),
        (str(MAX_ID), MAX_ID),
        (HUGE, None),
        ("-1", None),
        ("0", None),
        ("abc", None),
        ("١٢", None),
        ("", None),
        ("1e3", None),
    ],
)
def test_parse_id(value, expected):
    assert parse_id(value) == expected


def test_id_list_reads_repeated_and_comma_separated_ids():
    assert id_list(QueryDict("terms=1&terms=2,3"), "terms") == [1, 2, 3]
    assert id_list(QueryDict(""), "terms") == []


@pytest.mark.parametrize("query", [f"terms={HUGE}", "terms=abc", "terms=-1", "terms=1,x"])
def test_id_list_rejects_what_is_not_an_id_with_a_reason(query):
    with pytest.raises(QueryParameterError, match="terms"):
        id_list(QueryDict(query), "terms")


def test_id_list_rejects_too_many_ids():
    with pytest.raises(QueryParameterError):
        id_list(QueryDict("terms=" + ",".join(["1"] * 201)), "terms")


def test_bounded_int():
    params = QueryDict("year=2026&big=" + HUGE + "&word=abc")
    assert bounded_int(params, "year", minimum=1990, maximum=2100) == 2026
    assert bounded_int(params, "absent", minimum=1, maximum=2, default=1) == 1
    for name in ("big", "word"):
        with pytest.raises(QueryParameterError, match=name):
            bounded_int(params, name, minimum=1990, maximum=2100)
    with pytest.raises(QueryParameterError):
        bounded_int(params, "year", minimum=1990, maximum=2000)


def test_search_text_is_bounded():
    assert search_text(QueryDict("q=+tumour+")) == "tumour"
    with pytest.raises(QueryParameterError, match="too long"):
        search_text(QueryDict("q=" + "x" * 100_000))


@pytest.mark.django_db
@pytest.mark.parametrize("value", [HUGE, "abc", "-1"])
def test_id_field_turns_bad_ids_into_a_form_error(value):
    from django.core.exceptions import ValidationError

    from partnerup.directory.models import Term

    field = IdMultipleChoiceField(queryset=Term.objects.all(), required=False)
    with pytest.raises(ValidationError):
        field.clean([value])
    term = Term.objects.first()
    assert list(field.clean([str(term.pk)])) == [term]


def test_search_field_is_bounded():
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        SearchField().clean("x" * 100_000)
