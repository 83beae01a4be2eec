"""Fill in an admin change form as the browser would: every field with its current value."""

from __future__ import annotations


def _field_values(form, data: dict) -> None:
    for bound in form:
        if bound.field.disabled:
            continue
        value = bound.value()
        if value is None:
            continue
        widget = bound.field.widget
        if hasattr(widget, "widgets"):
            # Split date/time fields post one value per sub-widget.
            parts = value if isinstance(value, list | tuple) else widget.decompress(value)
            for index, part in enumerate(parts):
                data[f"{bound.html_name}_{index}"] = "" if part is None else str(part)
            continue
        if isinstance(value, bool):
            if value:
                data[bound.html_name] = "on"
            continue
        if isinstance(value, list | tuple):
            data[bound.html_name] = [str(item) for item in value]
            continue
        data[bound.html_name] = str(value)


def admin_form_data(response) -> dict:
    """The POST data of the admin add/change page in `response`, unchanged."""
    data: dict = {}
    _field_values(response.context["adminform"].form, data)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        management = formset.management_form
        for name in ("TOTAL_FORMS", "INITIAL_FORMS", "MIN_NUM_FORMS", "MAX_NUM_FORMS"):
            data[f"{formset.prefix}-{name}"] = str(management[name].value())
        for form in formset.initial_forms:
            _field_values(form, data)
    return data
