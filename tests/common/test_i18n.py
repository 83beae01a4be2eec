"""English and Norwegian Bokmål are complete, and dates and times are shown in Europe/Oslo."""

from __future__ import annotations

import ast
import re
from datetime import UTC, datetime
from pathlib import Path

from django.template import Context, Template
from django.utils import timezone, translation

import partnerup

CATALOGUE = Path(partnerup.__file__).parent / "locale" / "nb" / "LC_MESSAGES" / "django.po"


def parse_po(path: Path) -> list[dict]:
    """Entries of a PO file: msgid, msgstr(s) and flags. Enough of the format for this check."""
    entries, current, field = [], None, None
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#,"):
            current = {"flags": line[2:].strip(), "msgid": "", "msgstr": []}
            entries.append(current)
        elif line.startswith("msgid "):
            if current is None or current["msgid"] or current["msgstr"]:
                current = {"flags": "", "msgid": "", "msgstr": []}
                entries.append(current)
            field = "msgid"
            current["msgid"] = ast.literal_eval(line[6:])
        elif line.startswith("msgid_plural "):
            field = "plural"
        elif line.startswith("msgstr"):
            field = "msgstr"
            current["msgstr"].append(ast.literal_eval(line.split(" ", 1)[1]))
        elif line.startswith('"') and current is not None:
            value = ast.literal_eval(line)
            if field == "msgid":
                current["msgid"] += value
            elif field == "msgstr":
                current["msgstr"][-1] += value
        elif not line.strip():
            current, field = None, None
    return [entry for entry in entries if entry["msgid"]]


def test_norwegian_catalogue_is_complete():
    entries = parse_po(CATALOGUE)
    assert len(entries) > 200
    untranslated = [e["msgid"] for e in entries if not all(e["msgstr"]) or not e["msgstr"]]
    fuzzy = [e["msgid"] for e in entries if "fuzzy" in e["flags"]]
    assert untranslated == []
    assert fuzzy == []


def test_placeholders_survive_translation():
    """A renamed placeholder would fail at render time; a dropped one would lose information."""
    pattern = re.compile(r"%\(\w+\)s|\{\{ *\w+ *\}\}")
    for entry in parse_po(CATALOGUE):
        expected = {p.replace(" ", "") for p in pattern.findall(entry["msgid"])}
        for msgstr in entry["msgstr"]:
            found = {p.replace(" ", "") for p in pattern.findall(msgstr)}
            if len(entry["msgstr"]) == 1:
                assert found == expected, entry["msgid"]
            else:
                assert found <= expected | {"{{counter}}"}, entry["msgid"]


def test_compiled_catalogue_is_current():
    """The .mo in the repository was compiled from the .po (make compilemessages)."""
    mo = CATALOGUE.with_suffix(".mo")
    assert mo.exists()
    with translation.override("nb"):
        for entry in parse_po(CATALOGUE)[:400]:
            if "%" in entry["msgid"] or "{{" in entry["msgid"] or len(entry["msgstr"]) > 1:
                continue
            assert translation.gettext(entry["msgid"]) == entry["msgstr"][0], entry["msgid"]


def test_times_are_shown_in_oslo_time():
    moment = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)
    rendered = Template("{{ moment|time:'H:i' }}").render(Context({"moment": moment}))
    assert rendered == "09:00"
    assert timezone.get_current_timezone_name() == "Europe/Oslo"
