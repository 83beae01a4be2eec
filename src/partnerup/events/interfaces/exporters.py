from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from partnerup.common.dates import iso_local
from partnerup.common.interfaces.exporters import Exporter
from partnerup.events.models import Meeting, MeetingFeedback, MeetingRequest, Participant


class ParticipantExporter(Exporter):
    identifier = "participants"
    name = _("Participants")

    def __init__(self, event):
        self.event = event

    def headers(self):
        return [_("Name"), _("E-mail"), _("Organisation"), _("Type"), _("Status"), _("Checked in")]

    def rows(self):
        for p in Participant.objects.filter(event=self.event).select_related(
            "user", "organisation"
        ):
            yield [
                p.user.get_full_name(),
                p.user.email,
                p.organisation.name,
                p.get_type_display(),
                p.get_status_display(),
                iso_local(p.checked_in, self.event),
            ]


class RequestExporter(Exporter):
    identifier = "requests"
    name = _("Meeting requests")

    def __init__(self, event):
        self.event = event

    def headers(self):
        return [
            _("From"),
            _("From organisation"),
            _("To"),
            _("To organisation"),
            _("Priority"),
            _("Status"),
            _("Sent"),
            _("Answered"),
        ]

    def rows(self):
        for r in MeetingRequest.objects.filter(event=self.event).select_related(
            "sender__user", "sender__organisation", "recipient__user", "recipient__organisation"
        ):
            yield [
                r.sender.user.get_full_name(),
                r.sender.organisation.name,
                r.recipient.user.get_full_name(),
                r.recipient.organisation.name,
                r.priority,
                r.get_status_display(),
                iso_local(r.created, self.event),
                iso_local(r.answered, self.event),
            ]


class MeetingExporter(Exporter):
    identifier = "meetings"
    name = _("Meetings")

    def __init__(self, event):
        self.event = event

    def headers(self):
        return [_("Meeting"), _("Participants"), _("Status"), _("Starts"), _("Venue"), _("Table")]

    def rows(self):
        for m in (
            Meeting.objects.filter(event=self.event)
            .select_related("slot__venue", "table")
            .prefetch_related("seats__participant__user", "seats__participant__organisation")
        ):
            yield [
                m.pk,
                "; ".join(
                    f"{s.participant.user.get_full_name()} ({s.participant.organisation.name})"
                    for s in m.seats.all()
                ),
                m.get_status_display(),
                iso_local(m.slot.starts, self.event) if m.slot else "",
                m.slot.venue.name if m.slot else "",
                m.table.name if m.table else "",
            ]


class OutcomeExporter(Exporter):
    identifier = "outcomes"
    name = _("Outcomes")

    def __init__(self, event):
        self.event = event

    def headers(self):
        return [_("Meeting"), _("Participant"), _("Organisation"), _("Rating"), _("Follow-up")]

    def rows(self):
        for f in MeetingFeedback.objects.filter(meeting__event=self.event).select_related(
            "participant__user", "participant__organisation"
        ):
            yield [
                f.meeting_id,
                f.participant.user.get_full_name(),
                f.participant.organisation.name,
                f.rating,
                f.get_outcome_display(),
            ]


EXPORTERS = {
    cls.identifier: cls
    for cls in (ParticipantExporter, RequestExporter, MeetingExporter, OutcomeExporter)
}
