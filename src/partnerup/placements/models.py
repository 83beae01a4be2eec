"""The school–industry programme: pupils, placement offers, applications, placements, activities.

Pupils are minors. Their personal data lives on `Pupil` only; placements and attendance keep what
statistics need (year, host, field) without it, so erasing a pupil keeps the counts true.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from partnerup.directory.models import Organisation, Person


class Programme(models.Model):
    """A partnership between the cluster and one or more schools."""

    name = models.CharField(_("name"), max_length=200)
    schools = models.ManyToManyField(
        Organisation,
        verbose_name=_("schools"),
        related_name="programmes",
        limit_choices_to={"kind": Organisation.Kind.SCHOOL},
    )
    since_year = models.PositiveIntegerField(
        _("since"), validators=[MinValueValidator(1990), MaxValueValidator(2100)]
    )
    description = models.TextField(_("description"), blank=True, max_length=4000)
    retention_months = models.PositiveIntegerField(
        _("keep pupils' personal data for (months)"),
        default=24,
        validators=[MinValueValidator(1), MaxValueValidator(240)],
        help_text=_(
            "Pupils' personal data is erased this many months after their last placement; "
            "anonymous counts are kept."
        ),
    )

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class SchoolYear(models.Model):
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="years")
    start_year = models.PositiveIntegerField(
        _("starts in"), validators=[MinValueValidator(1990), MaxValueValidator(2100)]
    )

    class Meta:
        verbose_name = _("school year")
        verbose_name_plural = _("school years")
        ordering = ["-start_year"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "start_year"], name="schoolyear_unique_per_programme"
            )
        ]

    def __str__(self) -> str:
        return f"{self.start_year}/{str(self.start_year + 1)[-2:]}"


class SchoolSettings(models.Model):
    school = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="school_settings"
    )
    requires_guardian_consent = models.BooleanField(
        _("requires guardian consent"),
        default=True,
        help_text=_("Pupils need a recorded guardian consent before they are placed."),
    )

    class Meta:
        verbose_name = _("school settings")
        verbose_name_plural = _("school settings")

    def __str__(self) -> str:
        return str(self.school)


class SchoolClass(models.Model):
    school = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="classes",
        limit_choices_to={"kind": Organisation.Kind.SCHOOL},
    )
    name = models.CharField(_("class"), max_length=40)
    school_year = models.ForeignKey(SchoolYear, on_delete=models.CASCADE, related_name="classes")

    class Meta:
        verbose_name = _("class")
        verbose_name_plural = _("classes")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "school_year", "name"], name="class_unique_per_school_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.school_year})"


class PupilQuerySet(models.QuerySet["Pupil"]):
    def visible_to(self, user) -> PupilQuerySet:
        """Pupils are seen by organisers, their own school's coordinators and teachers, the host
        and mentor of their placement, and themselves. Nobody else, on any channel."""
        if user is None or not user.is_authenticated:
            return self.none()
        if user.is_organiser:
            return self
        if user.is_pupil:
            return self.filter(user=user)
        school_staff = Q(
            school__memberships__person__user=user,
            school__memberships__role__in=["coordinator", "teacher"],
        )
        mentored = Q(placements__mentor__user=user)
        hosted = Q(
            placements__host__memberships__person__user=user,
            placements__host__memberships__role="admin",
        )
        ids = self.filter(school_staff | mentored | hosted).values("pk")
        return self.filter(pk__in=ids)


class Pupil(models.Model):
    """A pupil, with the least data that works."""

    class Level(models.IntegerChoices):
        VG1 = 1, _("Year 1 (VG1)")
        VG2 = 2, _("Year 2 (VG2)")
        VG3 = 3, _("Year 3 (VG3)")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="pupil",
        limit_choices_to={"is_pupil": True},
    )
    name = models.CharField(_("name"), max_length=200)
    school = models.ForeignKey(
        Organisation,
        verbose_name=_("school"),
        on_delete=models.PROTECT,
        related_name="pupils",
        limit_choices_to={"kind": Organisation.Kind.SCHOOL},
    )
    school_class = models.ForeignKey(
        SchoolClass,
        verbose_name=_("class"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="pupils",
    )
    level = models.PositiveSmallIntegerField(_("year"), choices=Level.choices)
    email = models.EmailField(_("e-mail (optional)"), blank=True)
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default="nb"
    )
    created = models.DateTimeField(auto_now_add=True)

    objects = PupilQuerySet.as_manager()

    class Meta:
        verbose_name = _("pupil")
        verbose_name_plural = _("pupils")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("placements:pupil", kwargs={"pk": self.pk})

    @property
    def has_consent(self) -> bool:
        return self.consents.filter(withdrawn__isnull=True).exists()


class GuardianConsent(models.Model):
    pupil = models.ForeignKey(Pupil, on_delete=models.CASCADE, related_name="consents")
    guardian_name = models.CharField(_("guardian"), max_length=200)
    given_on = models.DateField(_("given on"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    withdrawn = models.DateField(_("withdrawn on"), null=True, blank=True)

    class Meta:
        verbose_name = _("guardian consent")
        verbose_name_plural = _("guardian consents")

    def __str__(self) -> str:
        return f"{self.guardian_name} ({self.given_on})"


class PlacementRoundQuerySet(models.QuerySet["PlacementRound"]):
    def visible_to(self, user) -> PlacementRoundQuerySet:
        """Draft rounds are seen by organisers and by members of organisations hosting one of
        their offers; every other round by everyone (the permission still asks to sign in)."""
        if user is None or not user.is_authenticated:
            return self.exclude(status=PlacementRound.Status.DRAFT)
        if user.is_organiser:
            return self
        hosting = PlacementOffer.objects.filter(host__memberships__person__user=user).values(
            "round"
        )
        return self.filter(~Q(status=PlacementRound.Status.DRAFT) | Q(pk__in=hosting))


class PlacementRound(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN = "open", _("Open for applications")
        CLOSED = "closed", _("Closed")
        ALLOCATED = "allocated", _("Allocated (preview)")
        PUBLISHED = "published", _("Published")

    school_year = models.ForeignKey(SchoolYear, on_delete=models.CASCADE, related_name="rounds")
    name = models.CharField(_("name"), max_length=200)
    opens = models.DateTimeField(_("applications open"))
    deadline = models.DateTimeField(_("application deadline"))
    max_choices = models.PositiveSmallIntegerField(
        _("choices per pupil"), default=5, validators=[MinValueValidator(1), MaxValueValidator(15)]
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    seed = models.PositiveIntegerField(_("lottery seed"), default=0)
    allocation = models.JSONField(_("allocation preview"), null=True, blank=True, editable=False)
    published = models.DateTimeField(_("published"), null=True, blank=True)

    objects = PlacementRoundQuerySet.as_manager()

    class Meta:
        verbose_name = _("placement round")
        verbose_name_plural = _("placement rounds")
        ordering = ["-deadline"]
        constraints = [
            models.CheckConstraint(
                condition=Q(deadline__gt=models.F("opens")), name="round_deadline_after_opening"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.school_year})"

    def get_absolute_url(self) -> str:
        return reverse("placements:round", kwargs={"pk": self.pk})

    @property
    def accepting_applications(self) -> bool:
        return self.status == self.Status.OPEN and self.opens <= timezone.now() < self.deadline


class PlacementOfferQuerySet(models.QuerySet["PlacementOffer"]):
    def visible_to(self, user) -> PlacementOfferQuerySet:
        """Offers of a draft round are seen by organisers and the host's members only; the
        others by everyone (the permission still asks to sign in). The rest answers 404."""
        if user is None or not user.is_authenticated:
            return self.exclude(round__status=PlacementRound.Status.DRAFT)
        if user.is_organiser:
            return self
        own = PlacementOffer.objects.filter(host__memberships__person__user=user).values("pk")
        return self.filter(~Q(round__status=PlacementRound.Status.DRAFT) | Q(pk__in=own))


class PlacementOffer(models.Model):
    class Field(models.TextChoices):
        LAB = "lab", _("Laboratory research")
        CLINIC = "clinic", _("Hospital and clinic")
        INDUSTRY = "industry", _("Industry and production")
        DATA = "data", _("Data science and IT")
        BUSINESS = "business", _("Business, communication and law")
        OTHER = "other", _("Other")

    round = models.ForeignKey(PlacementRound, on_delete=models.CASCADE, related_name="offers")
    host = models.ForeignKey(
        Organisation, verbose_name=_("host"), on_delete=models.CASCADE, related_name="offers"
    )
    title = models.CharField(_("title"), max_length=200)
    field = models.CharField(_("field"), max_length=16, choices=Field.choices)
    description = models.TextField(_("description"), max_length=4000)
    starts = models.DateField(_("first day"))
    ends = models.DateField(_("last day"))
    place = models.CharField(_("place"), max_length=200)
    capacity = models.PositiveSmallIntegerField(
        _("places"), validators=[MinValueValidator(1), MaxValueValidator(50)]
    )
    requirements = models.TextField(_("requirements"), blank=True, max_length=2000)
    mentors = models.ManyToManyField(
        Person, verbose_name=_("mentors"), blank=True, related_name="mentored_offers"
    )
    host_ranks = models.BooleanField(
        _("we rank our applicants"),
        default=False,
        help_text=_("Otherwise the programme's lottery orders the applicants."),
    )
    created = models.DateTimeField(auto_now_add=True)

    objects = PlacementOfferQuerySet.as_manager()

    class Meta:
        verbose_name = _("placement offer")
        verbose_name_plural = _("placement offers")
        ordering = ["title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends__gte=models.F("starts")), name="offer_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} — {self.host}"

    def get_absolute_url(self) -> str:
        return reverse("placements:offer", kwargs={"pk": self.pk})


class Application(models.Model):
    """One ranked choice of a pupil in a round."""

    pupil = models.ForeignKey(Pupil, on_delete=models.CASCADE, related_name="applications")
    offer = models.ForeignKey(PlacementOffer, on_delete=models.CASCADE, related_name="applications")
    rank = models.PositiveSmallIntegerField(_("choice"), validators=[MinValueValidator(1)])
    motivation = models.TextField(_("motivation"), max_length=1000, blank=True)
    host_rank = models.PositiveSmallIntegerField(
        _("host's rank"),
        null=True,
        blank=True,
        help_text=_("Empty means the host does not accept this applicant."),
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["pupil", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["pupil", "offer"], name="application_once_per_offer")
        ]

    def __str__(self) -> str:
        return f"{self.pupil} → {self.offer} (#{self.rank})"

    @property
    def applicant_code(self) -> str:
        """What hosts see instead of the pupil's name while they rank: blind and stable."""
        return f"A{self.pk:05d}"


class PlacementQuerySet(models.QuerySet["Placement"]):
    def counted(self) -> PlacementQuerySet:
        """Placements that count in statistics: not cancelled."""
        return self.exclude(status=Placement.Status.CANCELLED)


class Placement(models.Model):
    """A pupil at a host. Year, host and field stay when the pupil's data is erased."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        DONE = "done", _("Done")
        CANCELLED = "cancelled", _("Cancelled")
        NO_SHOW = "no_show", _("No-show")

    pupil = models.ForeignKey(
        Pupil, on_delete=models.SET_NULL, null=True, blank=True, related_name="placements"
    )
    offer = models.ForeignKey(
        PlacementOffer,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="placements",
    )
    round = models.ForeignKey(
        PlacementRound,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="placements",
    )
    host = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="placements")
    field = models.CharField(_("field"), max_length=16, choices=PlacementOffer.Field.choices)
    year = models.PositiveIntegerField(_("year"), db_index=True)
    mentor = models.ForeignKey(
        Person,
        verbose_name=_("mentor"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="mentored_placements",
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PLANNED
    )
    days_attended = models.PositiveSmallIntegerField(_("days attended"), null=True, blank=True)
    pupil_rating = models.PositiveSmallIntegerField(
        _("pupil's rating"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    pupil_evaluation = models.TextField(_("pupil's evaluation"), blank=True, max_length=2000)
    mentor_rating = models.PositiveSmallIntegerField(
        _("mentor's rating"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    mentor_evaluation = models.TextField(_("mentor's evaluation"), blank=True, max_length=2000)
    imported = models.BooleanField(_("imported history"), default=False)

    objects = PlacementQuerySet.as_manager()

    class Meta:
        verbose_name = _("placement")
        verbose_name_plural = _("placements")
        ordering = ["-year", "host__name"]
        constraints = [
            # A pupil holds at most one placement per round, whatever happens concurrently.
            models.UniqueConstraint(
                fields=["pupil", "round"],
                condition=Q(pupil__isnull=False, round__isnull=False),
                name="placement_once_per_pupil_and_round",
            )
        ]
        # Statistics filter by year and leave out cancelled placements.
        indexes = [models.Index(fields=["year", "status"], name="placement_year_status")]

    def __str__(self) -> str:
        return f"{self.pupil or _('(erased)')} @ {self.host} ({self.year})"

    def get_absolute_url(self) -> str:
        return reverse("placements:placement", kwargs={"pk": self.pk})


class Activity(models.Model):
    class Kind(models.TextChoices):
        LECTURE = "lecture", _("Lecture")
        LAB_VISIT = "lab_visit", _("Lab visit")
        THEME_DAY = "theme_day", _("Theme day")
        RESEARCH_DAY = "research_day", _("Research day")
        CELEBRATION = "celebration", _("Celebration")
        OTHER = "other", _("Other or imported")

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="activities")
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    date = models.DateField(_("date"))
    host = models.ForeignKey(
        Organisation,
        verbose_name=_("host"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="programme_activities",
    )
    imported = models.BooleanField(_("imported history"), default=False)

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["-date"]

    def __str__(self) -> str:
        return f"{self.title} ({self.date})"


class Attendance(models.Model):
    """How many people of one role, from one organisation, took part in an activity."""

    class Role(models.TextChoices):
        PUPILS = "pupils", _("Pupils")
        TEACHERS = "teachers", _("Teachers")
        MEMBERS = "members", _("Cluster members")

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="attendance")
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organisation"),
    )
    count = models.PositiveIntegerField(_("people"), validators=[MaxValueValidator(100000)])

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "role", "organisation"],
                name="attendance_once_per_role_and_organisation",
            ),
            # NULLs are distinct in a unique constraint, so the row without an organisation
            # needs its own (SQLite has no NULLS NOT DISTINCT).
            models.UniqueConstraint(
                fields=["activity", "role"],
                condition=Q(organisation__isnull=True),
                name="attendance_once_per_role_without_organisation",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.count} {self.get_role_display()}"
