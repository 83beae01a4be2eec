"""Follow-up after meetings: feedback and the reminder to give it."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from partnerup.common.activity import log_action
from partnerup.common.mail import send_after_commit
from partnerup.events.domain.errors import EventError
from partnerup.events.models import Event, Meeting, Participant


@transaction.atomic
def give_feedback(
    meeting: Meeting, participant: Participant, *, rating: int, outcome: str, note: str = ""
):
    """Record or change one side's rating and follow-up of a meeting they took part in.

    Side effects: a MeetingFeedback row (one per side and meeting); logs it.
    """
    from partnerup.events.models import MeetingFeedback

    if not meeting.seats.filter(participant=participant).exists():
        raise EventError(_("You did not take part in this meeting."))
    if meeting.status == Meeting.Status.CANCELLED:
        raise EventError(_("This meeting was cancelled."))
    feedback, _created = MeetingFeedback.objects.update_or_create(
        meeting=meeting,
        participant=participant,
        defaults={"rating": rating, "outcome": outcome, "note": note},
    )
    log_action(meeting, "events.meeting.feedback", participant.user, {"outcome": outcome})
    return feedback


def remind_feedback(event: Event) -> int:
    """E-mail every participant who has held meetings without feedback (run daily after the
    event until everyone has answered). Returns the number of reminders queued."""
    from partnerup.events.models import MeetingFeedback

    if event.days.order_by("-date").values_list("date", flat=True).first() is None:
        return 0
    last_day = event.days.order_by("-date").first().date
    if timezone.localdate() <= last_day:
        return 0
    count = 0
    for participant in event.participants.filter(status=Participant.Status.APPROVED):
        held = Meeting.objects.filter(
            seats__participant=participant,
            status__in=[Meeting.Status.HELD, Meeting.Status.SCHEDULED],
        )
        answered = MeetingFeedback.objects.filter(participant=participant).values("meeting")
        missing = held.exclude(pk__in=answered).count()
        if missing:
            with transaction.atomic():
                send_after_commit(
                    participant.user.email,
                    "events/mail/feedback_reminder",
                    {"participant": participant, "event": event, "missing": missing},
                    participant.user.language,
                )
            count += 1
    return count
