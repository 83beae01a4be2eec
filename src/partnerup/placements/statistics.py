"""Programme statistics: per school year and cumulative. Reads placements and attendance only, so
erased pupils and imported history count the same as live data."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Sum

from partnerup.placements.models import Attendance, Placement, PlacementOffer

ROLES = [choice[0] for choice in Attendance.Role.choices]


def school_year_of(year: int, month: int) -> int:
    """School years start in August: an activity in March 2020 belongs to 2019/20."""
    return year if month >= 8 else year - 1


def year_label(start_year: int) -> str:
    return f"{start_year}/{str(start_year + 1)[-2:]}"


@dataclass
class YearRow:
    year: int
    placements: int = 0
    hosts: int = 0
    participants: dict[str, int] = field(default_factory=lambda: dict.fromkeys(ROLES, 0))
    cumulative_placements: int = 0
    cumulative_participants: int = 0

    @property
    def label(self) -> str:
        return year_label(self.year)

    @property
    def participants_total(self) -> int:
        return sum(self.participants.values())


@dataclass
class Statistics:
    years: list[YearRow]
    fields: list[tuple[str, int]]
    top_hosts: list[tuple[str, int]]

    @property
    def total_placements(self) -> int:
        return self.years[-1].cumulative_placements if self.years else 0

    @property
    def total_participants(self) -> int:
        return self.years[-1].cumulative_participants if self.years else 0

    def participants_by_role(self) -> dict[str, int]:
        totals = dict.fromkeys(ROLES, 0)
        for row in self.years:
            for role, count in row.participants.items():
                totals[role] += count
        return totals


def compute(programme) -> Statistics:
    placements = Placement.objects.counted().filter(host__isnull=False)
    schools = list(programme.schools.values_list("pk", flat=True))
    # Placements belong to the programme through the pupils' schools, or through the round;
    # anonymous imported history belongs to the programme it was imported into (its rounds are
    # none, so: imported placements of hosts are counted for every programme — one programme is
    # the normal case).
    placements = (
        placements.filter(round__school_year__programme=programme)
        | placements.filter(round__isnull=True, imported=True)
        | placements.filter(round__isnull=True, pupil__school__in=schools)
    )
    rows: dict[int, YearRow] = {}
    for item in placements.values("year").annotate(
        n=Count("pk", distinct=True), hosts=Count("host", distinct=True)
    ):
        row = rows.setdefault(item["year"], YearRow(item["year"]))
        row.placements = item["n"]
        row.hosts = item["hosts"]
    attendance = (
        Attendance.objects.filter(activity__programme=programme)
        .values("activity__date__year", "activity__date__month", "role")
        .annotate(n=Sum("count"))
    )
    for item in attendance:
        year = school_year_of(item["activity__date__year"], item["activity__date__month"])
        row = rows.setdefault(year, YearRow(year))
        row.participants[item["role"]] += item["n"] or 0
    ordered = [rows[year] for year in sorted(rows)]
    running_placements = running_participants = 0
    for row in ordered:
        running_placements += row.placements
        running_participants += row.participants_total
        row.cumulative_placements = running_placements
        row.cumulative_participants = running_participants
    field_labels = dict(PlacementOffer.Field.choices)
    fields = [
        (str(field_labels.get(item["field"], item["field"])), item["n"])
        for item in placements.values("field")
        .annotate(n=Count("pk", distinct=True))
        .order_by("-n", "field")
    ]
    top_hosts = [
        (item["host__name"], item["n"])
        for item in placements.values("host__name")
        .annotate(n=Count("pk", distinct=True))
        .order_by("-n", "host__name")[:10]
    ]
    return Statistics(ordered, fields, top_hosts)
