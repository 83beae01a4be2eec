"""Erasure of a person's event data, for account deletion (`accounts.domain.delete_account`)."""

from __future__ import annotations

from django.core.cache import cache
from django.db import transaction

from partnerup.common.activity import forget_in_log
from partnerup.events.models import (
    MeetingFeedback,
    MeetingRequest,
    MeetingSeat,
    Participant,
    Pitch,
)


def _drop_recommendations(event_ids: set[int]) -> None:
    # The cached recommendations hold participants' headlines and profile texts: the current
    # entry is deleted (a new version alone would leave it in the cache until it expires).
    from partnerup.events import recommendations
    from partnerup.events.models import Event

    for event in Event.objects.filter(pk__in=event_ids):
        cache.delete(f"event-recommendations:{event.pk}:{recommendations._state(event)}")
        recommendations.changed(event.pk)


@transaction.atomic
def erase_event_data(user, *, needles: list[str], replacement: str) -> list[str]:
    """Delete a user's event registrations and everything personal hanging on them.

    Side effects: deletes the user's participations with the meeting requests they sent or
    received (and their messages), their meeting seats, meeting feedback (ratings, notes) and
    pitches; deletes the pitch attachments from storage after commit; meetings themselves stay
    (the other side's schedule and the event's counts); drops the cached recommendations of
    these events; activity-log entries about these objects lose their label and details, and
    other entries naming the user (`needles`) or quoting their texts get `replacement`.
    Returns the texts they wrote (messages, notes, profiles, pitches), which e-mails to others
    may quote.
    """
    participants = list(
        Participant.objects.select_for_update(no_key=True, of=("self",)).filter(user=user)
    )
    if not participants:
        return []
    ids = [p.pk for p in participants]
    requests = MeetingRequest.objects.filter(sender__in=ids) | MeetingRequest.objects.filter(
        recipient__in=ids
    )
    objects = [(Participant, pk, replacement) for pk in ids]
    objects += [(MeetingRequest, pk, replacement) for pk in requests.values_list("pk", flat=True)]
    objects += [
        (MeetingFeedback, pk, replacement)
        for pk in MeetingFeedback.objects.filter(participant__in=ids).values_list("pk", flat=True)
    ]
    objects += [
        (MeetingSeat, pk, replacement)
        for pk in MeetingSeat.objects.filter(participant__in=ids).values_list("pk", flat=True)
    ]
    pitches = list(Pitch.objects.filter(participant__in=ids))
    objects += [(Pitch, pitch.pk, replacement) for pitch in pitches]
    files = [
        (pitch.attachment.storage, pitch.attachment.name) for pitch in pitches if pitch.attachment
    ]
    texts = [text for p in participants for text in (p.headline, p.profile_text)]
    texts += [text for pitch in pitches for text in (pitch.title, pitch.summary)]
    texts += list(MeetingRequest.objects.filter(sender__in=ids).values_list("message", flat=True))
    texts += list(
        MeetingRequest.objects.filter(recipient__in=ids).values_list("decline_reason", flat=True)
    )
    texts += list(
        MeetingFeedback.objects.filter(participant__in=ids).values_list("note", flat=True)
    )
    # Short texts ("CEO") would blank out others' words; names and addresses are needles anyway.
    texts = [text for text in texts if len(text.strip()) >= 12]
    events = {p.event_id for p in participants}
    _drop_recommendations(events)
    Participant.objects.filter(pk__in=ids).delete()
    forget_in_log(objects=objects, needles=[*needles, *texts], replacement=replacement)
    transaction.on_commit(lambda: _drop_recommendations(events))
    transaction.on_commit(lambda: [storage.delete(name) for storage, name in files])
    return texts
