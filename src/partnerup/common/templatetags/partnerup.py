from __future__ import annotations

from django import template

from partnerup.common.activity import action_label as label_of_action

register = template.Library()


@register.simple_tag(takes_context=True)
def query_with(context, **changes) -> str:
    """The current query string with some parameters replaced (for pagination links)."""
    query = context["request"].GET.copy()
    for key, value in changes.items():
        query[key] = value
    return query.urlencode()


@register.filter
def action_label(action: str) -> str:
    return label_of_action(action)


@register.filter
def by_facet(bound_field) -> list[tuple[str, list]]:
    """The checkboxes of a taxonomy-term field, grouped by facet in the facets' order."""
    # The field's own model: `common` does not import the directory app.
    Term = bound_field.field.queryset.model
    terms = {str(term.pk): term for term in bound_field.field.queryset}
    groups: dict[str, list] = {}
    for checkbox in bound_field:
        term = terms.get(str(checkbox.data["value"]))
        if term is not None:
            groups.setdefault(term.facet, []).append(checkbox)
    labels = dict(Term.Facet.choices)
    return [(str(labels[facet]), groups[facet]) for facet in Term.Facet.values if facet in groups]
