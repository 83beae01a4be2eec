"""Partnering events: days at venues, tables, participants, meeting requests and meetings.

Double bookings are impossible in the database itself: a table holds one meeting per slot and a
participant sits in one meeting per slot (unique constraints on active rows), and two
participants have at most one open request or meeting between them.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _

from partnerup.common.dates import zone_of
from partnerup.common.files import private_storage, unguessable_name
from partnerup.common.validators import validate_time_zone
from partnerup.directory.models import Organisation, Person, Term


class ParticipantType(models.TextChoices):
    STARTUP = "startup", _("Start-up")
    BIOTECH = "biotech", _("Biotech")
    PHARMA = "pharma", _("Pharma")
    ACADEMIC = "academic", _("Academic researcher")
    CLINICIAN = "clinician", _("Clinician")
    INVESTOR = "investor", _("Investor")
    AGENCY = "agency", _("Innovation agency")
    PUBLIC = "public", _("Politician or public sector")
    STUDENT = "student", _("Student")
    OTHER = "other", _("Other")


class Event(models.Model):
    class RequestMode(models.TextChoices):
        APPROVAL = "approval", _("The recipient accepts or declines")
        AUTO_ACCEPT = "auto", _("Requests are accepted automatically")

    class Visibility(models.TextChoices):
        OPEN = "open", _("Open: anyone signed in may register")
        INVITATION = "invitation", _("By invitation only")

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name"), unique=True)
    hosts = models.ManyToManyField(
        Organisation, verbose_name=_("host partners"), blank=True, related_name="hosted_events"
    )
    description = models.TextField(_("description"), blank=True, max_length=5000)
    timezone = models.CharField(
        _("time zone"),
        max_length=64,
        default="Europe/Oslo",
        validators=[validate_time_zone],
        help_text=_("Where the event takes place, such as Europe/Oslo: every time is shown in it."),
    )
    registration_opens = models.DateTimeField(_("registration opens"))
    registration_closes = models.DateTimeField(_("registration closes"))
    request_deadline = models.DateTimeField(_("meeting requests until"))
    meeting_minutes = models.PositiveSmallIntegerField(
        _("meeting length (minutes)"),
        default=30,
        validators=[MinValueValidator(10), MaxValueValidator(120)],
    )
    request_mode = models.CharField(
        _("requests"), max_length=16, choices=RequestMode.choices, default=RequestMode.APPROVAL
    )
    request_expiry_hours = models.PositiveIntegerField(
        _("unanswered requests lapse after (hours)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
    )
    visibility = models.CharField(
        _("visibility"), max_length=16, choices=Visibility.choices, default=Visibility.OPEN
    )
    auto_approve = models.BooleanField(_("approve registrations automatically"), default=False)
    self_service = models.BooleanField(
        _("participants may pick a free slot themselves"), default=False
    )
    published = models.BooleanField(_("published"), default=False)

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["-registration_opens"]
        constraints = [
            models.CheckConstraint(
                condition=Q(registration_closes__gt=models.F("registration_opens")),
                name="event_registration_window",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("events:event", kwargs={"slug": self.slug})


class Venue(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="venues")
    name = models.CharField(_("name"), max_length=200)
    address = models.CharField(_("address"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("venue")
        verbose_name_plural = _("venues")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class TravelTime(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="travel_times")
    origin = models.ForeignKey(Venue, on_delete=models.CASCADE, related_name="+")
    destination = models.ForeignKey(Venue, on_delete=models.CASCADE, related_name="+")
    minutes = models.PositiveSmallIntegerField(_("minutes"), validators=[MaxValueValidator(600)])

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["origin", "destination"], name="travel_once_per_pair")
        ]

    def __str__(self) -> str:
        return f"{self.origin} → {self.destination}: {self.minutes} min"


class EventDay(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="days")
    date = models.DateField(_("date"))
    venues = models.ManyToManyField(Venue, verbose_name=_("venues"), related_name="days")
    meetings_from = models.TimeField(_("meetings from"))
    meetings_until = models.TimeField(_("meetings until"))

    class Meta:
        verbose_name = _("day")
        verbose_name_plural = _("days")
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(fields=["event", "date"], name="eventday_once_per_date"),
            models.CheckConstraint(
                condition=Q(meetings_until__gt=models.F("meetings_from")), name="eventday_hours"
            ),
        ]

    def __str__(self) -> str:
        return str(self.date)


class Break(models.Model):
    day = models.ForeignKey(EventDay, on_delete=models.CASCADE, related_name="breaks")
    title = models.CharField(_("title"), max_length=100, default="Break")
    starts = models.TimeField(_("starts"))
    ends = models.TimeField(_("ends"))

    class Meta:
        ordering = ["starts"]

    def __str__(self) -> str:
        return f"{self.title} {self.starts:%H:%M}–{self.ends:%H:%M}"


class Table(models.Model):
    venue = models.ForeignKey(Venue, on_delete=models.CASCADE, related_name="tables")
    name = models.CharField(_("name"), max_length=40)
    seats = models.PositiveSmallIntegerField(
        _("seats"), default=2, validators=[MinValueValidator(2)]
    )

    class Meta:
        verbose_name = _("table")
        verbose_name_plural = _("tables")
        ordering = ["venue", "name"]
        constraints = [
            models.UniqueConstraint(fields=["venue", "name"], name="table_unique_name_per_venue")
        ]

    def __str__(self) -> str:
        return f"{self.venue} {self.name}"


class Slot(models.Model):
    """A meeting slot at a venue; derived from the days, hours and breaks (domain.build_slots)."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="slots")
    venue = models.ForeignKey(Venue, on_delete=models.CASCADE, related_name="slots")
    starts = models.DateTimeField(_("starts"))
    ends = models.DateTimeField(_("ends"))

    class Meta:
        ordering = ["starts", "venue"]
        constraints = [
            models.UniqueConstraint(fields=["venue", "starts"], name="slot_unique_start_per_venue")
        ]

    def __str__(self) -> str:
        # The event's own clock: a slot at 09:00 in Oslo is not "08:00" (UTC) to an organiser.
        return f"{self.venue} {localtime(self.starts, zone_of(self.event)):%Y-%m-%d %H:%M}"


class ProgrammeSession(models.Model):
    class Kind(models.TextChoices):
        TALK = "talk", _("Talk")
        PANEL = "panel", _("Panel")
        PITCH = "pitch", _("Pitch session")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="sessions")
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    venue = models.ForeignKey(Venue, on_delete=models.CASCADE, related_name="sessions")
    room = models.CharField(_("room"), max_length=100, blank=True)
    starts = models.DateTimeField(_("starts"))
    ends = models.DateTimeField(_("ends"))
    capacity = models.PositiveIntegerField(_("capacity"), null=True, blank=True)
    speakers = models.ManyToManyField(
        Person, verbose_name=_("speakers"), blank=True, related_name="event_sessions"
    )

    class Meta:
        verbose_name = _("programme session")
        verbose_name_plural = _("programme sessions")
        ordering = ["starts"]

    def __str__(self) -> str:
        return self.title


def _calendar_token() -> str:
    return secrets.token_urlsafe(24)


class Participant(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for approval")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Not approved")
        CANCELLED = "cancelled", _("Cancelled")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="participants")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="event_participations"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="event_participants",
    )
    type = models.CharField(_("participant type"), max_length=16, choices=ParticipantType.choices)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PENDING
    )
    headline = models.CharField(_("headline"), max_length=200, blank=True)
    offers = models.ManyToManyField(Term, verbose_name=_("offers"), blank=True, related_name="+")
    seeks = models.ManyToManyField(Term, verbose_name=_("seeks"), blank=True, related_name="+")
    profile_text = models.TextField(_("about us at this event"), blank=True, max_length=3000)
    unavailable = models.ManyToManyField(
        Slot,
        verbose_name=_("not available in"),
        blank=True,
        related_name="unavailable_participants",
    )
    checked_in = models.DateTimeField(_("checked in"), null=True, blank=True)
    calendar_token = models.CharField(max_length=64, unique=True, default=_calendar_token)
    registered = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["organisation__name", "user__name"]
        constraints = [
            models.UniqueConstraint(fields=["event", "user"], name="participant_once_per_event")
        ]
        # Every participant list filters approved participants of one event.
        indexes = [models.Index(fields=["event", "status"], name="participant_event_status")]

    def __str__(self) -> str:
        return f"{self.user} ({self.organisation})"


class TypeCap(models.Model):
    """Caps per participant type: requests one may send, meetings one may have."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="caps")
    type = models.CharField(_("participant type"), max_length=16, choices=ParticipantType.choices)
    max_requests = models.PositiveIntegerField(_("requests sent, at most"), null=True, blank=True)
    max_meetings = models.PositiveIntegerField(_("meetings, at most"), null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["event", "type"], name="cap_once_per_type")]

    def __str__(self) -> str:
        return f"{self.get_type_display()}: {self.max_requests}/{self.max_meetings}"


ACTIVE_REQUEST = ["pending", "accepted"]


class MeetingRequestQuerySet(models.QuerySet["MeetingRequest"]):
    def visible_to(self, user) -> MeetingRequestQuerySet:
        """Who asked whom is private: the two sides and the organisers."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_organiser:
            return self
        return self.filter(Q(sender__user=user) | Q(recipient__user=user))


class MeetingRequest(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for an answer")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        CANCELLED = "cancelled", _("Cancelled")
        EXPIRED = "expired", _("Expired")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="requests")
    sender = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="sent")
    recipient = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="received")
    # The pair in a fixed order, so one unique constraint covers both directions.
    pair_low = models.PositiveBigIntegerField(editable=False)
    pair_high = models.PositiveBigIntegerField(editable=False)
    message = models.TextField(_("message"), blank=True, max_length=1000)
    priority = models.PositiveSmallIntegerField(
        _("priority"),
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(3)],
        help_text=_("3 = must meet, 1 = nice to meet"),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PENDING
    )
    decline_reason = models.CharField(_("reason"), max_length=300, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    answered = models.DateTimeField(null=True, blank=True)
    expires = models.DateTimeField(null=True, blank=True)
    acted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = MeetingRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("meeting request")
        verbose_name_plural = _("meeting requests")
        ordering = ["-created"]
        # expire_requests looks for pending requests past their expiry every few minutes.
        indexes = [
            models.Index(
                fields=["expires"],
                condition=Q(status="pending"),
                name="request_pending_by_expiry",
            )
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "pair_low", "pair_high"],
                condition=Q(status__in=ACTIVE_REQUEST),
                name="request_one_active_per_pair",
            ),
            models.CheckConstraint(
                condition=~Q(sender=models.F("recipient")), name="request_not_to_oneself"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.sender} → {self.recipient}"


class MeetingQuerySet(models.QuerySet["Meeting"]):
    def visible_to(self, user) -> MeetingQuerySet:
        """The people seated in a meeting and the organisers see it; to others it does not
        exist."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_organiser:
            return self
        return self.filter(
            models.Exists(
                MeetingSeat.objects.filter(meeting=models.OuterRef("pk"), participant__user=user)
            )
        )


class Meeting(models.Model):
    class Status(models.TextChoices):
        ACCEPTED = "accepted", _("Accepted, not scheduled")
        SCHEDULED = "scheduled", _("Scheduled")
        HELD = "held", _("Held")
        NO_SHOW = "no_show", _("No-show")
        CANCELLED = "cancelled", _("Cancelled")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="meetings")
    request = models.OneToOneField(
        MeetingRequest, on_delete=models.SET_NULL, null=True, blank=True, related_name="meeting"
    )
    weight = models.PositiveSmallIntegerField(default=2)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.ACCEPTED
    )
    slot = models.ForeignKey(
        Slot, on_delete=models.PROTECT, null=True, blank=True, related_name="meetings"
    )
    table = models.ForeignKey(
        Table, on_delete=models.PROTECT, null=True, blank=True, related_name="meetings"
    )
    locked = models.BooleanField(_("locked by an organiser"), default=False)
    # Raised whenever the slot or table changes, so calendars replace the old entry.
    sequence = models.PositiveIntegerField(default=0)
    created = models.DateTimeField(auto_now_add=True)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        constraints = [
            models.UniqueConstraint(
                fields=["table", "slot"],
                condition=Q(slot__isnull=False) & ~Q(status="cancelled"),
                name="meeting_one_per_table_and_slot",
            ),
            models.CheckConstraint(
                condition=Q(slot__isnull=True, table__isnull=True)
                | Q(slot__isnull=False, table__isnull=False),
                name="meeting_slot_and_table_together",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.event} #{self.pk} ({self.get_status_display()})"


class MeetingSeat(models.Model):
    """A participant in a meeting, with the meeting's slot copied so the database can refuse a
    participant in two meetings at once."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="seats")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="seats")
    slot = models.ForeignKey(
        Slot, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    active = models.BooleanField(default=True)
    # When this participant was reminded to give feedback on this meeting (once only).
    feedback_reminded = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        # Meeting counts and agendas ask for a participant's active seats.
        indexes = [
            models.Index(
                fields=["participant"], condition=Q(active=True), name="seat_active_by_participant"
            )
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "participant"], name="seat_once_per_meeting"
            ),
            models.UniqueConstraint(
                fields=["participant", "slot"],
                condition=Q(slot__isnull=False, active=True),
                name="seat_one_meeting_per_participant_and_slot",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.participant} in {self.meeting}"


class MeetingFeedback(models.Model):
    """One side's rating and follow-up of a meeting, recorded after the event."""

    class Outcome(models.TextChoices):
        NONE = "none", _("No follow-up")
        MEETING = "meeting", _("Follow-up meeting")
        NDA = "nda", _("NDA")
        COLLABORATION = "collaboration", _("Collaboration")
        LICENSING = "licensing", _("Licensing")
        INVESTMENT = "investment", _("Investment")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="feedback")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="feedback")
    rating = models.PositiveSmallIntegerField(
        _("rating"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    outcome = models.CharField(_("follow-up"), max_length=16, choices=Outcome.choices)
    note = models.TextField(
        _("note (only you and the organisers see it)"), blank=True, max_length=1000
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("meeting feedback")
        verbose_name_plural = _("meeting feedback")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "participant"], name="feedback_once_per_side"
            )
        ]

    def __str__(self) -> str:
        return f"{self.participant}: {self.rating}"


class ScoutingCall(models.Model):
    """A host partner's call for innovations: what it seeks, until when."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="calls")
    host = models.ForeignKey(
        Organisation,
        verbose_name=_("host"),
        on_delete=models.CASCADE,
        related_name="scouting_calls",
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("what we seek"), max_length=5000)
    terms = models.ManyToManyField(
        Term, verbose_name=_("taxonomy terms"), blank=True, related_name="+"
    )
    deadline = models.DateTimeField(_("pitch deadline"))
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("scouting call")
        verbose_name_plural = _("scouting calls")
        ordering = ["deadline"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("events:call", kwargs={"pk": self.pk})


def _pitch_upload_to(instance, filename: str) -> str:
    # No call id, no original name: the stored name tells nothing about whose pitch it is.
    return unguessable_name("pitches", filename)


class PitchQuerySet(models.QuerySet["Pitch"]):
    def visible_to(self, user) -> PitchQuerySet:
        """Organisers see every pitch; the pitcher their own; the host's people the pitches to
        their calls."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_organiser:
            return self
        from partnerup.directory.models import Membership

        hosts = Membership.objects.filter(person__user=user).values("organisation")
        return self.filter(Q(participant__user=user) | Q(call__host__in=hosts))

    def attachment_visible_to(self, user) -> PitchQuerySet:
        """Whose attachment the user may download: as `visible_to`, but the host's people lose
        access once the host declines the pitch or the pitcher withdraws it."""
        visible = self.visible_to(user)
        if not user.is_authenticated or user.is_organiser:
            return visible
        return visible.filter(
            Q(participant__user=user) | Q(status__in=Pitch.HOST_MAY_READ_ATTACHMENT)
        )


class Pitch(models.Model):
    """A participant's non-confidential answer to a scouting call."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        SHORTLISTED = "shortlisted", _("Shortlisted")
        INVITED = "invited", _("Invited to a meeting")
        NOT_SELECTED = "not_selected", _("Not selected")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    HOST_MAY_READ_ATTACHMENT = ["submitted", "shortlisted", "invited"]

    call = models.ForeignKey(ScoutingCall, on_delete=models.CASCADE, related_name="pitches")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="pitches")
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("non-confidential summary"), max_length=3000)
    stage = models.ForeignKey(
        Term,
        verbose_name=_("stage"),
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"facet": "stage"},
    )
    modality = models.ForeignKey(
        Term,
        verbose_name=_("modality"),
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"facet": "modality"},
    )
    attachment = models.FileField(
        _("attachment (PDF, optional)"),
        upload_to=_pitch_upload_to,
        storage=private_storage,
        blank=True,
        max_length=200,
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.SUBMITTED
    )
    created = models.DateTimeField(auto_now_add=True)

    objects = PitchQuerySet.as_manager()

    class Meta:
        verbose_name = _("pitch")
        verbose_name_plural = _("pitches")
        ordering = ["-created"]
        constraints = [
            models.UniqueConstraint(fields=["call", "participant"], name="pitch_once_per_call")
        ]

    def __str__(self) -> str:
        return self.title


class ScheduleRun(models.Model):
    """One run of the scheduler: its progress, its answer, and whether it was published.

    Every run is kept, so earlier schedule versions stay visible.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    class Failure(models.TextChoices):
        LOCKED = "locked", _("The meetings locked by hand cannot all be kept")
        INVALID = "invalid", _("The answer broke a rule")
        CRASHED = "crashed", _("Stopped unexpectedly too often")
        ERROR = "error", _("Stopped with an error")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="schedule_runs")
    version = models.PositiveIntegerField(_("version"))
    incremental = models.BooleanField(_("keeps the published schedule"), default=False)
    time_limit = models.PositiveIntegerField(_("time limit (seconds)"), default=30)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.QUEUED
    )
    progress = models.PositiveSmallIntegerField(default=0)
    message = models.CharField(max_length=300, blank=True)
    # Why a failed run failed, as a code the page words in the reader's language.
    failure = models.CharField(max_length=16, choices=Failure.choices, blank=True)
    solution = models.JSONField(null=True, blank=True, editable=False)
    created = models.DateTimeField(auto_now_add=True)
    # Raised by each delivery that claims the run; writes of an older attempt are ignored.
    attempts = models.PositiveSmallIntegerField(default=0)
    # When the current attempt read the event; `basis` is the meetings as it read them, so
    # publishing can keep what changed afterwards.
    started = models.DateTimeField(null=True, blank=True)
    basis = models.JSONField(null=True, blank=True, editable=False)
    # Touched every few seconds while an attempt runs; a stale one means the worker died.
    heartbeat = models.DateTimeField(null=True, blank=True)
    finished = models.DateTimeField(null=True, blank=True)
    published = models.DateTimeField(null=True, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("schedule run")
        verbose_name_plural = _("schedule runs")
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(fields=["event", "version"], name="schedule_version_unique")
        ]
        indexes = [
            # The recovery check looks only at unfinished runs.
            models.Index(
                fields=["heartbeat"],
                condition=Q(status__in=["queued", "running"]),
                name="schedule_run_active",
            )
        ]

    def __str__(self) -> str:
        return f"{self.event} v{self.version}"

    def get_absolute_url(self) -> str:
        return reverse("events:schedule_run", kwargs={"pk": self.pk})
