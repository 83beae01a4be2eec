"""Parsing of untrusted ids, numbers and search text, for forms and query strings alike.

Ids that no database column can hold, text where a number belongs and megabyte-long searches
become a form error or a 400 with a reason here, before any query runs.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import BadRequest, ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

# The largest id every integer column holds on every database (a signed 32-bit integer);
# larger numbers overflow the query instead of matching nothing.
MAX_ID = 2**31 - 1
# More ids than any filter form offers means a crafted request.
MAX_IDS = 200
SEARCH_MAX_LENGTH = 200


class QueryParameterError(BadRequest):
    """A query parameter that cannot be understood; answers 400 with this message."""


def parse_id(value: object) -> int | None:
    """`value` as a database id (1 … MAX_ID), or None when it is not one."""
    text = str(value).strip()
    if not text.isascii() or not text.isdigit() or len(text) > len(str(MAX_ID)):
        return None
    number = int(text)
    return number if 1 <= number <= MAX_ID else None


def id_list(params, name: str, *, limit: int = MAX_IDS) -> list[int]:
    """The ids given as query parameter `name` (repeated or comma-separated).

    Raises QueryParameterError (400) for anything that is not an id or for more than `limit`.
    """
    raw = [part for value in params.getlist(name) for part in str(value).split(",") if part]
    if len(raw) > limit:
        raise QueryParameterError(
            gettext("Choose at most %(limit)d values for “%(name)s”.")
            % {"limit": limit, "name": name}
        )
    ids = [parse_id(value) for value in raw]
    if None in ids:
        raise QueryParameterError(gettext("“%(name)s” takes whole numbers only.") % {"name": name})
    return ids


def bounded_int(params, name: str, *, minimum: int, maximum: int, default: int | None = None):
    """Query parameter `name` as a whole number in [minimum, maximum]; `default` when absent.

    Raises QueryParameterError (400) when it is given but is not such a number.
    """
    value = str(params.get(name, "")).strip()
    if not value:
        return default
    try:
        number = int(value) if len(value) <= 20 else None
    except ValueError:
        number = None
    if number is None or not minimum <= number <= maximum:
        raise QueryParameterError(
            gettext("“%(name)s” must be a whole number from %(minimum)d to %(maximum)d.")
            % {"name": name, "minimum": minimum, "maximum": maximum}
        )
    return number


def search_text(params, name: str = "q", *, max_length: int = SEARCH_MAX_LENGTH) -> str:
    """Search text from query parameter `name`, stripped.

    Raises QueryParameterError (400) when longer than `max_length` characters.
    """
    value = str(params.get(name, "")).strip()
    if len(value) > max_length:
        raise QueryParameterError(
            gettext("The search is too long: use at most %(limit)d characters.")
            % {"limit": max_length}
        )
    return value


class IdMultipleChoiceField(forms.ModelMultipleChoiceField):
    """A ModelMultipleChoiceField that checks each value is an id before querying for it.

    Django's own field passes every value to an `IN (…)` query, where an id beyond the column's
    range raises (OverflowError on SQLite) instead of failing validation.
    """

    default_error_messages = {
        **forms.ModelMultipleChoiceField.default_error_messages,
        "too_many": _("Choose at most %(limit)s values."),
    }

    def __init__(self, *args, limit: int = MAX_IDS, **kwargs):
        super().__init__(*args, **kwargs)
        self.limit = limit

    def _check_values(self, value):
        values = list(value)
        if len(values) > self.limit:
            raise ValidationError(
                self.error_messages["too_many"], code="too_many", params={"limit": self.limit}
            )
        if self.to_field_name in (None, "pk", "id"):
            for pk in values:
                if parse_id(pk) is None:
                    raise ValidationError(
                        self.error_messages["invalid_pk_value"],
                        code="invalid_pk_value",
                        params={"pk": str(pk)[:50]},
                    )
        return super()._check_values(values)


class SearchField(forms.CharField):
    """Free search text, bounded so a crafted megabyte of text is a form error."""

    def __init__(self, *args, max_length: int = SEARCH_MAX_LENGTH, **kwargs):
        kwargs.setdefault("label", _("Search"))
        kwargs.setdefault("required", False)
        super().__init__(*args, max_length=max_length, **kwargs)
