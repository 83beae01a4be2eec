"""Recommendations for an event's participants (partnerup.matchmaking), cached per event state.

The cache key holds a version that the domain functions changing participants, profiles or
requests bump (`changed`), plus counts read from the database, so a change made in another
process is seen even without a shared cache. With several web processes, set
PARTNERUP_REDIS_URL so the version itself is shared too.
"""

from __future__ import annotations

from django.core.cache import cache
from django.db.models import Count, Max, Q, Sum

from partnerup.directory.reasons import render_all
from partnerup.directory.recommendations import engine_assets, labels, modality_ids
from partnerup.events.models import Event, MeetingRequest, Participant, TypeCap

TOP = 10


def _version_key(event_id: int) -> str:
    return f"event-recommendations-version:{event_id}"


def changed(event_id: int) -> None:
    """Forget the recommendations of an event: its participants, profiles or requests changed."""
    key = _version_key(event_id)
    try:
        cache.incr(key)
    except ValueError:  # no version yet
        cache.set(key, 1, None)


def _state(event: Event) -> str:
    version = cache.get(_version_key(event.pk), 0)
    directory = cache.get("directory-recommendations-version", 0)
    people = event.participants.aggregate(
        n=Count("pk", filter=Q(status=Participant.Status.APPROVED)),
        s=Sum("pk", filter=Q(status=Participant.Status.APPROVED)),
    )
    asked = event.requests.aggregate(
        latest=Max("pk"), answered=Count("pk", filter=~Q(status="pending"))
    )
    return (
        f"{version}-{directory}-{people['n']}-{people['s'] or 0}-"
        f"{asked['latest'] or 0}-{asked['answered']}"
    )


def event_result(event: Event):
    from partnerup.matchmaking import ExcludedPair, MatchProblem, Options, recommend
    from partnerup.matchmaking import Participant as EngineParticipant

    key = f"event-recommendations:{event.pk}:{_state(event)}"
    result = cache.get(key)
    if result is not None:
        return result
    people = list(
        event.participants.filter(status=Participant.Status.APPROVED)
        .select_related("organisation")
        .prefetch_related("offers", "seeks")
    )
    caps = {c.type: c.max_meetings for c in TypeCap.objects.filter(event=event)}
    slot_count = event.slots.values("starts").distinct().count() or 12
    assets = engine_assets({p.organisation_id for p in people})
    modalities = modality_ids()
    participants = []
    for p in people:
        offers = tuple(str(t.pk) for t in p.offers.all())
        seeks = tuple(str(t.pk) for t in p.seeks.all())
        participants.append(
            EngineParticipant(
                id=str(p.pk),
                organisation=str(p.organisation_id),
                type=p.type,
                offers=offers,
                seeks=seeks,
                modalities=tuple(t for t in offers if t in modalities),
                raising=p.type in {"startup", "biotech"}
                and any(t.slug == "investment" for t in p.seeks.all()),
                text=" ".join(
                    filter(None, [p.headline, p.profile_text, p.organisation.description])
                ),
                capacity=caps.get(p.type) or slot_count,
                assets=tuple(assets.get(p.organisation_id, ())),
            )
        )
    # Pairs that already asked, met, declined or let a request lapse are not suggested again.
    # Only pairs among the candidates: a rejected participant keeps their old requests.
    candidates = {p.pk for p in people}
    excluded = {
        (str(a), str(b))
        for a, b in MeetingRequest.objects.filter(
            event=event, pair_low__in=candidates, pair_high__in=candidates
        ).values_list("pair_low", "pair_high")
    }
    problem = MatchProblem(
        participants=tuple(participants),
        excluded=tuple(ExcludedPair(a, b, "asked before") for a, b in sorted(excluded)),
        options=Options(top_k=TOP),
    )
    result = recommend(problem, top_k=TOP)
    cache.set(key, result, 600)
    return result


def for_participant(participant: Participant, language: str):
    """[(participant, score, reasons)] for one participant, best first."""
    result = event_result(participant.event)
    recs = result.recommendations.get(str(participant.pk), ())
    others = Participant.objects.select_related("user", "organisation").in_bulk(
        [int(r.participant_id) for r in recs]
    )
    names = labels(language)
    return [
        (others[int(r.participant_id)], r.score, render_all(r.reasons, names, language))
        for r in recs
        if int(r.participant_id) in others
    ]


def organiser_view(event: Event, language: str):
    """Who has no good match, and expected demand against capacity, most in demand first."""
    result = event_result(event)
    people = Participant.objects.select_related("user", "organisation").in_bulk(
        [int(s.participant_id) for s in result.participants]
    )
    rows = [
        (people[int(s.participant_id)], s)
        for s in result.participants
        if int(s.participant_id) in people
    ]
    no_match = [(p, s) for p, s in rows if not s.has_good_match]
    demand = sorted(
        rows, key=lambda row: row[1].expected_requests / max(row[1].capacity, 1), reverse=True
    )[:20]
    return no_match, demand
