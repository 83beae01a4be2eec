"""The demo's partnering event: the pharma member's two open partnering days at two venues,
with about 300 participants and meeting requests in every state."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

from partnerup.accounts.models import User
from partnerup.directory.models import Organisation, Person
from partnerup.directory.recommendations import KIND_TO_TYPE
from partnerup.events import domain
from partnerup.events.models import (
    Break,
    Event,
    EventDay,
    MeetingRequest,
    Participant,
    ProgrammeSession,
    Table,
    TravelTime,
    TypeCap,
    Venue,
)

OSLO = ZoneInfo("Europe/Oslo")


def build_event(rng: random.Random, organiser: User) -> Event:
    now = timezone.now()
    first_day = (now + timedelta(days=45)).astimezone(OSLO).date()
    aurora = Organisation.objects.get(slug="aurora-pharma-norway")
    event = Event.objects.create(
        name="Aurora Oncology Partnering Days",
        slug="aurora-partnering-days",
        description="Two open partnering days where Aurora Pharma's oncology team meets "
        "start-ups, biotechs, researchers, clinicians and investors: talks, pitches and "
        "scheduled one-to-one meetings.",
        registration_opens=now - timedelta(days=30),
        registration_closes=now + timedelta(days=40),
        request_deadline=now + timedelta(days=42),
        request_expiry_hours=24 * 7,
        auto_approve=True,
        published=True,
    )
    event.hosts.set([aurora])
    park = Venue.objects.create(
        event=event, name="Norwegian Innovation Park", address="Ullernchausseen 64, Oslo"
    )
    science = Venue.objects.create(
        event=event, name="Oslo Science Park", address="Gaustadalléen 21, Oslo"
    )
    TravelTime.objects.create(event=event, origin=park, destination=science, minutes=40)
    TravelTime.objects.create(event=event, origin=science, destination=park, minutes=40)
    for offset, venue in ((0, park), (1, science)):
        day = EventDay.objects.create(
            event=event,
            date=first_day + timedelta(days=offset),
            meetings_from=time(9),
            meetings_until=time(16),
        )
        day.venues.set([venue])
        Break.objects.create(day=day, title="Lunch", starts=time(12), ends=time(13))
    for venue in (park, science):
        Table.objects.bulk_create(
            Table(venue=venue, name=f"T{n:02d}", seats=2 if n > 3 else 4) for n in range(1, 21)
        )
    domain.build_slots(event)
    for offset, venue, title, kind, at in (
        (0, park, "Opening: precision oncology in the Nordics", "talk", time(8, 15)),
        (0, park, "Start-up pitches: radiopharmaceuticals and ADCs", "pitch", time(16, 15)),
        (1, science, "Panel: from academic discovery to licensing deal", "panel", time(8, 15)),
    ):
        starts = datetime.combine(first_day + timedelta(days=offset), at, OSLO)
        ProgrammeSession.objects.create(
            event=event,
            kind=kind,
            title=title,
            venue=venue,
            room="Auditorium",
            starts=starts,
            ends=starts + timedelta(minutes=40),
            capacity=250,
        )
    TypeCap.objects.create(event=event, type="startup", max_requests=15)
    TypeCap.objects.create(event=event, type="pharma", max_meetings=24)
    participants = _participants(rng, event)
    _requests(rng, event, participants, organiser)
    _scouting_call(rng, event, aurora, participants)
    _schedule(event, organiser)
    return event


def _scouting_call(rng, event: Event, host: Organisation, participants) -> None:
    """Aurora's call for radiopharmaceutical and ADC innovations, with pitches."""
    from partnerup.directory.models import Term
    from partnerup.events.models import Pitch, ScoutingCall

    call = ScoutingCall.objects.create(
        event=event,
        host=host,
        title="Next-generation radiopharmaceuticals and ADCs",
        description="Aurora's oncology team seeks preclinical and early clinical programmes in "
        "targeted radioligand therapy and antibody–drug conjugates, and companion diagnostics "
        "that select the patients who benefit.",
        deadline=event.request_deadline - timedelta(days=7),
    )
    call.terms.set(
        Term.objects.filter(
            slug__in=["radiopharmaceutical", "adc", "psma", "diagnostics", "her2", "trop2"]
        )
    )
    stages = list(
        Term.objects.filter(
            facet="stage", slug__in=["discovery", "preclinical", "phase-1", "phase-2"]
        )
    )
    modalities = list(Term.objects.filter(slug__in=["radiopharmaceutical", "adc", "diagnostics"]))
    pitchers = [
        p
        for p in participants
        if p.type in {"startup", "biotech", "academic"} and p.organisation_id != host.pk
    ]
    for index, participant in enumerate(rng.sample(pitchers, min(12, len(pitchers)))):
        Pitch.objects.create(
            call=call,
            participant=participant,
            stage=rng.choice(stages),
            modality=rng.choice(modalities),
            title=f"{participant.organisation.name}: programme {index + 1}",
            summary=f"{participant.organisation.name} presents a non-confidential summary of "
            "its programme, the data so far and what a partner would add.",
            status=rng.choice(["submitted", "submitted", "shortlisted"]),
        )


def _schedule(event: Event, organiser: User) -> None:
    """Run the scheduler (version 1) and publish it, as an organiser would."""
    from partnerup.events.models import ScheduleRun

    run = ScheduleRun.objects.create(event=event, version=1, time_limit=10, started_by=organiser)
    domain.execute_schedule_run(run.pk)
    run.refresh_from_db()
    domain.publish_schedule(run, organiser)


def _participants(rng, event) -> list[Participant]:
    participants = []
    people = list(
        Person.objects.filter(user__isnull=True)
        .prefetch_related("memberships__organisation")
        .order_by("pk")
    )
    rng.shuffle(people)
    for person in people[:290]:
        membership = person.memberships.first()
        organisation = membership.organisation
        user = User(email=person.email, name=person.name, language=rng.choice(["nb", "en"]))
        user.set_unusable_password()  # demo participants do not log in
        user.save()
        person.user = user
        person.save(update_fields=["user"])
        participants.append(
            Participant(
                event=event,
                user=user,
                organisation=organisation,
                type=KIND_TO_TYPE.get(organisation.kind, "other"),
                status="approved",
                headline=(organisation.description or "")[:120],
            )
        )
    for email, headline, about in (
        ("orgadmin@example.org", None, ""),
        ("member@example.org", None, ""),
        (
            "researcher@example.org",
            "Tumour immunology: combining PSMA radioligands with checkpoint inhibitors",
            "Our group studies why prostate tumours escape T cells, with spatial profiles of "
            "biopsies from 80 patients in the hospital's phase 1 unit. We seek an industry "
            "partner for a combination study and offer our mouse models and patient cohort.",
        ),
    ):
        user = User.objects.get(email=email)
        organisation = user.person.memberships.first().organisation
        participants.append(
            Participant(
                event=event,
                user=user,
                organisation=organisation,
                type=KIND_TO_TYPE[organisation.kind],
                status="approved",
                headline=headline or organisation.name,
                profile_text=about,
            )
        )
    created = Participant.objects.bulk_create(participants)
    for participant in created:
        profile = getattr(participant.organisation, "profile", None)
        if profile is not None:
            participant.offers.set(profile.offers.all())
            participant.seeks.set(profile.seeks.all())
    return created


def _requests(rng, event, participants, organiser) -> None:
    """Requests in every state, with the popular pharma teams asked far more than others."""
    by_type: dict[str, list[Participant]] = {}
    for participant in participants:
        by_type.setdefault(participant.type, []).append(participant)
    popular = by_type.get("pharma", []) + by_type.get("investor", [])
    member = next(p for p in participants if p.user.email == "member@example.org")
    scout = next(p for p in participants if p.user.email == "orgadmin@example.org")
    wanted = [(member, scout, 3)]
    for sender in participants:
        if sender.type in {"startup", "biotech", "academic", "clinician"}:
            for recipient in rng.sample(popular, min(len(popular), rng.randint(1, 4))):
                wanted.append((sender, recipient, rng.randint(1, 3)))
        elif rng.random() < 0.3:
            wanted.append((sender, rng.choice(participants), rng.randint(1, 3)))
    for sender, recipient, priority in wanted:
        try:
            request = domain.request_meeting(
                sender, recipient, priority=priority, message="We would like to meet."
            )
        except domain.EventError:
            continue
        roll = rng.random()
        try:
            if roll < 0.55:
                domain.accept_request(request, actor=recipient.user)
            elif roll < 0.68:
                domain.decline_request(
                    request, reason="Outside our focus this year.", actor=recipient.user
                )
            elif roll < 0.73:
                domain.cancel_request(request, actor=sender.user)
        except domain.EventError:
            continue
    # A few lapsed requests.
    for request in MeetingRequest.objects.filter(event=event, status="pending")[:15]:
        MeetingRequest.objects.filter(pk=request.pk).update(
            expires=timezone.now() - timedelta(hours=1)
        )
    domain.expire_requests()
    assert organiser is not None


def first_day_of(event: Event) -> date:
    return event.days.order_by("date").first().date
