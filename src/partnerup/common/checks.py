"""A system check that keeps views deny-by-default: each must declare a permission or `public`."""

from __future__ import annotations

from django.core import checks
from django.urls import URLPattern, URLResolver, get_resolver

from partnerup.common import csp  # noqa: F401  (registers the CSP deployment check)


def iter_patterns(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from iter_patterns(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern


def own_views():
    """(route, pattern) for every URL served by PartnerUp's own code."""
    for route, pattern in iter_patterns(get_resolver().url_patterns):
        module = getattr(pattern.callback, "__module__", "")
        if module.startswith("partnerup."):
            yield route, pattern


@checks.register(checks.Tags.security)
def check_views_declare_permissions(app_configs, **kwargs):
    errors = []
    for route, pattern in own_views():
        callback = pattern.callback
        view_class = getattr(callback, "view_class", None)
        declared = getattr(callback, "partnerup_permission", None) or getattr(
            view_class, "partnerup_permission", None
        )
        if not declared:
            errors.append(
                checks.Error(
                    f"The view of URL '{route}' declares no permission.",
                    hint="Wrap it in partnerup.common.views.require(...) or public(...).",
                    obj=callback,
                    id="partnerup.E001",
                )
            )
    return errors
