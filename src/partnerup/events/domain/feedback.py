"""Follow-up after meetings: feedback and the reminder to give it."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from partnerup.common.activity import log_action
from partnerup.common.mail import send_after_commit
from partnerup.events.domain.errors import EventError
from partnerup.events.domain.meetings import refuse_before_start
from partnerup.events.models import Event, Meeting, Participant


@transaction.atomic
def give_feedback(
    meeting: Meeting, participant: Participant, *, rating: int, outcome: str, note: str = ""
):
    """Record or change one side's rating and follow-up of a meeting they took part in.

    Side effects: a MeetingFeedback row (one per side and meeting); logs it. Refused before the
    meeting's start, and for cancelled and no-show meetings.
    """
    from partnerup.events.models import MeetingFeedback

    meeting = Meeting.objects.select_related("slot").get(pk=meeting.pk)
    if not meeting.seats.filter(participant=participant).exists():
        raise EventError(_("You did not take part in this meeting."))
    refuse_before_start(meeting)
    if meeting.status == Meeting.Status.NO_SHOW:
        raise EventError(_("This meeting was marked as a no-show."))
    feedback, _created = MeetingFeedback.objects.update_or_create(
        meeting=meeting,
        participant=participant,
        defaults={"rating": rating, "outcome": outcome, "note": note},
    )
    log_action(meeting, "events.meeting.feedback", participant.user, {"outcome": outcome})
    return feedback


def remind_feedback(event: Event, now=None) -> int:
    """Remind each participant once about meetings that took place and still lack their
    feedback (run daily; a participant is never reminded twice about the same meeting).

    A meeting took place when its slot has started and it was neither cancelled nor marked a
    no-show. Side effects: one e-mail per participant with such meetings, queued after commit;
    the seats are stamped `feedback_reminded`. Returns the number of e-mails queued.
    """
    from partnerup.events.models import MeetingFeedback, MeetingSeat

    now = now or timezone.now()
    seats = (
        MeetingSeat.objects.filter(
            meeting__event=event,
            active=True,
            feedback_reminded__isnull=True,
            participant__status=Participant.Status.APPROVED,
            participant__user__is_active=True,
            meeting__slot__starts__lte=now,
            meeting__status__in=[Meeting.Status.SCHEDULED, Meeting.Status.HELD],
        )
        .exclude(
            Exists(
                MeetingFeedback.objects.filter(
                    meeting=OuterRef("meeting"), participant=OuterRef("participant")
                )
            )
        )
        .select_related("participant__user")
        .order_by("participant_id", "pk")
    )
    by_participant: dict[int, list] = {}
    for seat in seats:
        by_participant.setdefault(seat.participant_id, []).append(seat)
    count = 0
    for participant_seats in by_participant.values():
        with transaction.atomic():
            # Stamp first, under the row locks: a second run at the same time finds nothing.
            stamped = MeetingSeat.objects.filter(
                pk__in=[s.pk for s in participant_seats], feedback_reminded__isnull=True
            ).update(feedback_reminded=now)
            if not stamped:
                continue
            participant = participant_seats[0].participant
            send_after_commit(
                participant.user.email,
                "events/mail/feedback_reminder",
                {"participant": participant, "event": event, "missing": stamped},
                participant.user.language,
            )
            count += 1
    return count
