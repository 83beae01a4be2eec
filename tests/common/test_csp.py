"""The Content-Security-Policy header, its deployment check, and templates it would break."""

from __future__ import annotations

import re
from pathlib import Path

from django.urls import reverse

from partnerup.common.csp import check_content_security_policy

TEMPLATES = Path(__file__).resolve().parents[2] / "src" / "partnerup" / "templates"


def directives(header: str) -> dict[str, str]:
    return dict(part.strip().split(" ", 1) for part in header.split(";"))


def test_every_page_sends_a_strict_policy(client, db):
    response = client.get(reverse("home"))
    policy = directives(response.headers["Content-Security-Policy"])
    assert policy["default-src"] == "'self'"
    assert policy["script-src"] == "'self'"
    assert policy["object-src"] == "'none'"
    assert policy["base-uri"] == "'self'"
    assert policy["form-action"] == "'self'"
    assert policy["frame-ancestors"] == "'none'"
    assert "unsafe" not in response.headers["Content-Security-Policy"]
    # Error pages too.
    assert "Content-Security-Policy" in client.get("/no-such-page/").headers


def test_deployment_check_wants_the_policy(settings):
    assert check_content_security_policy(None) == []
    settings.MIDDLEWARE = [
        m for m in settings.MIDDLEWARE if not m.endswith("csp.ContentSecurityPolicyMiddleware")
    ]
    settings.CONTENT_SECURITY_POLICY = {"default-src": "'self' 'unsafe-inline'"}
    ids = {warning.id for warning in check_content_security_policy(None)}
    assert ids == {"partnerup.W101", "partnerup.W102", "partnerup.W103"}


def test_templates_have_no_inline_code_or_styles():
    """Inline scripts, event handlers and style attributes would be blocked by the policy."""
    inline_script = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", re.I)
    handler = re.compile(r"\son[a-z]+\s*=", re.I)
    style = re.compile(r"\sstyle\s*=|<style", re.I)
    found = []
    for path in sorted(TEMPLATES.rglob("*.html")):
        text = path.read_text()
        for name, pattern in (("script", inline_script), ("handler", handler), ("style", style)):
            found += [f"{path.relative_to(TEMPLATES)}: {name}" for _ in pattern.finditer(text)]
    assert found == []
