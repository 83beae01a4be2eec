"""Import of past programme years from CSV, all or nothing, with errors naming the line.

Columns (header required): `year,type,role,host,field,count`
- `type=placements`: `count` placements at `host` (name or short name of an organisation in the
  directory) in `field` (a field key such as `lab`, or its English label), in school year `year`.
- `type=participants`: `count` people of `role` (`pupils`, `teachers` or `members`) who took part
  in the programme's activities in school year `year`.
"""

from __future__ import annotations

import contextlib
import csv
import io
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from partnerup.common.activity import log_action
from partnerup.directory.models import Organisation
from partnerup.placements.models import Activity, Attendance, Placement, PlacementOffer

COLUMNS = ["year", "type", "role", "host", "field", "count"]
# One request imports what a programme plausibly had in all its past years, no more: each
# placement is a row, so the total is capped as well as the lines.
MAX_ROWS = 2000
MAX_BYTES = 256 * 1024
MAX_PLACEMENTS = 20000


def check_limits(text: str, size: int) -> list[str]:
    """What in an upload is over the import's limits (file size, lines, columns, placements)."""
    from django.template.defaultfilters import filesizeformat

    if size > MAX_BYTES:
        return [
            _("The file is %(size)s; an import may be at most %(limit)s.")
            % {"size": filesizeformat(size), "limit": filesizeformat(MAX_BYTES)}
        ]
    problems: list[str] = []
    placements = 0
    rows = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    for number, row in enumerate(rows, start=1):
        if number > MAX_ROWS + 1:
            return [
                _("The file has more than %(max)d lines; split it into several files.")
                % {"max": MAX_ROWS}
            ]
        if len(row) > len(COLUMNS) and not problems:
            problems.append(
                _("Line %(line)d has %(count)d columns; the import has %(max)d.")
                % {"line": number, "count": len(row), "max": len(COLUMNS)}
            )
        if number > 1 and len(row) == len(COLUMNS) and row[1].strip().lower() == "placements":
            # A count that is not a number is named with its line by parse().
            with contextlib.suppress(ValueError):
                placements += max(0, int(row[5]))
    if placements > MAX_PLACEMENTS:
        problems.append(
            _("The file adds %(count)d placements; an import may add at most %(max)d.")
            % {"count": placements, "max": MAX_PLACEMENTS}
        )
    return problems


class ImportError_(Exception):
    def __init__(self, errors: list[str]):
        self.errors = errors
        super().__init__("; ".join(errors))


@dataclass
class ImportSummary:
    placements: int = 0
    participants: int = 0
    years: tuple[int, ...] = ()


def _field(value: str) -> str | None:
    for key, label in PlacementOffer.Field.choices:
        if value.strip().lower() in {key, str(label).lower()}:
            return key
    return None


def parse(text: str) -> list[dict]:
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    if reader.fieldnames is None or [f.strip() for f in reader.fieldnames] != COLUMNS:
        raise ImportError_(
            [_("The first line must be: %(columns)s") % {"columns": ",".join(COLUMNS)}]
        )
    errors: list[str] = []
    rows: list[dict] = []
    hosts: dict[str, Organisation | None] = {}
    for number, raw in enumerate(reader, start=2):
        if number > MAX_ROWS:
            errors.append(_("More than %(max)d lines.") % {"max": MAX_ROWS})
            break
        row = {key: (value or "").strip() for key, value in raw.items() if key}

        def fail(message: str, number=number) -> None:
            errors.append(_("Line %(line)d: %(message)s") % {"line": number, "message": message})

        try:
            year = int(row["year"])
            if not 1990 <= year <= 2100:
                raise ValueError
        except ValueError:
            fail(_("year must be a year such as 2012."))
            continue
        try:
            count = int(row["count"])
            if not 0 <= count <= 100000:
                raise ValueError
        except ValueError:
            fail(_("count must be a whole number from 0 to 100000."))
            continue
        kind = row["type"].lower()
        if kind == "placements":
            name = row["host"]
            if name not in hosts:
                hosts[name] = Organisation.objects.filter(
                    Q(name__iexact=name) | Q(slug=name)
                ).first()
            if hosts[name] is None:
                fail(_("no organisation called '%(host)s' in the directory.") % {"host": name})
                continue
            field = _field(row["field"])
            if field is None:
                fail(_("unknown field '%(field)s'.") % {"field": row["field"]})
                continue
            rows.append(
                {"type": kind, "year": year, "host": hosts[name], "field": field, "count": count}
            )
        elif kind == "participants":
            if row["role"] not in Attendance.Role.values:
                fail(_("role must be pupils, teachers or members."))
                continue
            rows.append({"type": kind, "year": year, "role": row["role"], "count": count})
        else:
            fail(_("type must be placements or participants."))
    if errors:
        raise ImportError_(errors)
    return rows


@transaction.atomic
def import_history(programme, text: str, actor) -> ImportSummary:
    """Create anonymous placements and attendance for past years from CSV text.

    Side effects: for each placements row, `count` imported placements (status done, no pupil);
    for each participants row, attendance on one imported activity per school year; logs
    `placements.history.imported` on the programme. Nothing is written if any line is wrong.
    """
    rows = parse(text)
    summary = ImportSummary()
    activities: dict[int, Activity] = {}
    for row in rows:
        if row["type"] == "placements":
            Placement.objects.bulk_create(
                Placement(
                    host=row["host"],
                    field=row["field"],
                    year=row["year"],
                    status=Placement.Status.DONE,
                    imported=True,
                )
                for _ in range(row["count"])
            )
            summary.placements += row["count"]
        else:
            year = row["year"]
            if year not in activities:
                activities[year] = Activity.objects.create(
                    programme=programme,
                    kind=Activity.Kind.OTHER,
                    imported=True,
                    title=_("Imported history %(year)s") % {"year": f"{year}/{str(year + 1)[-2:]}"},
                    date=date(year + 1, 6, 1),
                )
            attendance, _created = Attendance.objects.get_or_create(
                activity=activities[year],
                role=row["role"],
                organisation=None,
                defaults={"count": 0},
            )
            attendance.count += row["count"]
            attendance.save(update_fields=["count"])
            summary.participants += row["count"]
    summary.years = tuple(sorted({row["year"] for row in rows}))
    log_action(
        programme,
        "placements.history.imported",
        actor,
        {"placements": summary.placements, "participants": summary.participants},
    )
    return summary
