"""Content-Security-Policy: the browser runs only our own scripts and styles.

No page has inline scripts, inline event handlers or style attributes (the browser tests run
with this policy on), so the policy needs no 'unsafe-inline' and no nonces. The policy is
`settings.CONTENT_SECURITY_POLICY`, a mapping of directive to sources.
"""

from __future__ import annotations

from django.conf import settings
from django.core import checks

HEADER = "Content-Security-Policy"
# What the policy must say for the deployment check to pass.
REQUIRED = {
    "default-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}


def header_value(policy: dict[str, str]) -> str:
    return "; ".join(f"{directive} {sources}".strip() for directive, sources in policy.items())


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.value = header_value(settings.CONTENT_SECURITY_POLICY)

    def __call__(self, request):
        response = self.get_response(request)
        # Django's own debug pages (DEBUG only) style themselves inline.
        if settings.DEBUG and response.status_code >= 400:
            return response
        response.headers.setdefault(HEADER, self.value)
        return response


@checks.register(checks.Tags.security, deploy=True)
def check_content_security_policy(app_configs, **kwargs):
    middleware = "partnerup.common.csp.ContentSecurityPolicyMiddleware"
    policy = getattr(settings, "CONTENT_SECURITY_POLICY", {})
    errors = []
    if middleware not in settings.MIDDLEWARE:
        errors.append(checks.Warning(f"{middleware} is not in MIDDLEWARE.", id="partnerup.W101"))
    for directive, sources in REQUIRED.items():
        if policy.get(directive) != sources:
            errors.append(
                checks.Warning(
                    f"CONTENT_SECURITY_POLICY must set {directive} {sources}.", id="partnerup.W102"
                )
            )
    if any("'unsafe-inline'" in s or "'unsafe-eval'" in s for s in policy.values()):
        errors.append(
            checks.Warning(
                "CONTENT_SECURITY_POLICY allows inline or eval'd code.", id="partnerup.W103"
            )
        )
    return errors
