"""Import contracts and the one-door rule, checked on the source with ``ast`` (no imports run).

See docs/architecture.md: engines import no Django and no other app; ``placements`` and
``events`` never import each other; models import no forms, views or interfaces; ``common``
imports no domain app; views and the admin never write to the ORM themselves.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "partnerup"
ENGINES = {"scheduling", "allocation", "matchmaking"}
DOMAIN_APPS = {"directory", "events", "placements", "accounts"}
# Packages every app may use (the project's own plumbing, not an app).
PLUMBING = {"partnerup", "partnerup.settings", "partnerup.celery", "partnerup.urls"}
WRITES = {
    "save",
    "create",
    "update",
    "delete",
    "bulk_create",
    "bulk_update",
    "get_or_create",
    "update_or_create",
}


def module_name(path: Path) -> str:
    parts = path.relative_to(SRC.parent).with_suffix("").parts
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


MODULES = sorted(SRC.rglob("*.py"))


def imports(path: Path) -> list[tuple[int, str]]:
    package = module_name(path)
    if path.name != "__init__.py":
        package = package.rpartition(".")[0]
    return imports_in(path.read_text(), package)


def imports_in(text: str, package: str) -> list[tuple[int, str]]:
    """Every module imported anywhere in ``text`` (top level and inside functions)."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                name = ".".join([*base, node.module] if node.module else base)
            else:
                name = node.module or ""
            found.append((node.lineno, name))
            # `from partnerup import events` imports the app too.
            found.extend((node.lineno, f"{name}.{alias.name}") for alias in node.names)
    return found


def app_of(module: str) -> str | None:
    parts = module.split(".")
    if parts[0] != "partnerup" or len(parts) < 2:
        return None
    return parts[1]


def violations(rule) -> list[str]:
    out = []
    for path in MODULES:
        me = module_name(path)
        for line, name in imports(path):
            why = rule(me, name)
            if why:
                out.append(f"{path.relative_to(SRC.parent)}:{line} imports {name} ({why})")
    return sorted(set(out))


def test_engines_import_no_django_and_no_other_app():
    def rule(me, name):
        app = app_of(me)
        if app not in ENGINES:
            return None
        if name == "django" or name.startswith("django.") or name.startswith("rules"):
            return "engines are plain Python"
        other = app_of(name)
        if other and other != app and name not in PLUMBING:
            return "engines import no other app"
        return None

    assert violations(rule) == []


def test_placements_and_events_never_import_each_other():
    def rule(me, name):
        pair = {app_of(me), app_of(name)}
        if pair == {"placements", "events"}:
            return "placements and events are independent"
        return None

    assert violations(rule) == []


def test_models_import_no_forms_views_or_interfaces():
    def rule(me, name):
        leaf = me.split(".")
        if "models" not in leaf[2:]:
            return None
        tail = name.split(".")
        if {"forms", "views", "interfaces", "admin", "api"} & set(tail[2:]):
            return "models come first in the layers"
        return None

    assert violations(rule) == []


def test_common_imports_no_domain_app():
    def rule(me, name):
        if app_of(me) != "common":
            return None
        if app_of(name) in DOMAIN_APPS or app_of(name) in ENGINES:
            return "common is below every domain app"
        return None

    assert violations(rule) == []


def test_the_checker_sees_function_level_and_relative_imports():
    text = (
        "def f():\n    from partnerup.events.models import Event\n    from ..placements import x\n"
    )
    found = {name for _line, name in imports_in(text, "partnerup.common")}
    assert "partnerup.events.models" in found
    assert "partnerup.placements" in found


# --- One door: views and the admin never write to the ORM -----------------------------------


def view_and_admin_modules() -> list[Path]:
    out = []
    for path in MODULES:
        rel = path.relative_to(SRC)
        if path.name in {"views.py", "admin.py"} or (
            len(rel.parts) >= 2 and rel.parts[-2] in {"views", "admin"}
        ):
            out.append(path)
    return out


def orm_writes(path: Path) -> list[str]:
    return [f"{path.relative_to(SRC.parent)}:{w}" for w in writes_in(path.read_text())]


def writes_in(text: str) -> list[str]:
    tree = ast.parse(text)
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
            continue
        attr = node.func.attr
        if attr in WRITES:
            # `cache.delete(...)`, `messages.…` and dict `.update` are not ORM writes; a plain
            # name other than these is treated as a model instance or manager.
            target = node.func.value
            if isinstance(target, ast.Name) and target.id in {
                "cache",
                "context",
                "kwargs",
                "data",
                "params",
                "response",
                "headers",
                "request",
                "session",
            }:
                continue
            if isinstance(target, ast.Attribute) and target.attr in {"session", "GET", "POST"}:
                continue
            found.append(f"{node.lineno} .{attr}(")
    return found


def test_the_write_checker_finds_writes():
    text = (
        "def v(request, form, obj):\n"
        "    form.save()\n"
        "    Model.objects.filter(x=1).update(y=2)\n"
        "    obj.delete()\n"
        "    cache.delete('k')\n"
        "    request.session.update({})\n"
    )
    assert writes_in(text) == ["2 .save(", "3 .update(", "4 .delete("]


@pytest.mark.parametrize("path", view_and_admin_modules(), ids=lambda p: str(p.relative_to(SRC)))
def test_views_and_admin_do_not_write_to_the_orm(path):
    assert orm_writes(path) == [], "call a domain function instead (docs/architecture.md)"
