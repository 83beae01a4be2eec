from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from partnerup.common.interfaces.exporters import Exporter
from partnerup.placements.statistics import Statistics


class StatisticsExporter(Exporter):
    """Per school year and cumulative totals: no personal data."""

    identifier = "programme-statistics"
    name = _("Programme statistics")

    def __init__(self, statistics: Statistics):
        self.statistics = statistics

    def headers(self):
        return [
            _("School year"),
            _("Placements"),
            _("Placements, cumulative"),
            _("Hosts"),
            _("Pupils"),
            _("Teachers"),
            _("Cluster members"),
            _("Participants"),
            _("Participants, cumulative"),
        ]

    def rows(self):
        for row in self.statistics.years:
            yield [
                row.label,
                row.placements,
                row.cumulative_placements,
                row.hosts,
                row.participants["pupils"],
                row.participants["teachers"],
                row.participants["members"],
                row.participants_total,
                row.cumulative_participants,
            ]
