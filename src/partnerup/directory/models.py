from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, Q
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from partnerup.common.validators import validate_image_upload


class Term(models.Model):
    """One term of the shared partnering taxonomy, labelled in both languages."""

    class Facet(models.TextChoices):
        CANCER_TYPE = "cancer_type", _("Cancer type")
        TARGET = "target", _("Target or biomarker")
        MODALITY = "modality", _("Modality")
        STAGE = "stage", _("Development stage")
        INTEREST = "interest", _("Partnering interest")

    facet = models.CharField(_("facet"), max_length=16, choices=Facet.choices, db_index=True)
    slug = models.SlugField(_("key"), max_length=80)
    label_en = models.CharField(_("label (English)"), max_length=120)
    label_nb = models.CharField(_("label (Norwegian)"), max_length=120)
    position = models.PositiveIntegerField(_("position"), default=0)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("taxonomy term")
        verbose_name_plural = _("taxonomy terms")
        ordering = ["facet", "position", "label_en"]
        constraints = [
            models.UniqueConstraint(fields=["facet", "slug"], name="term_unique_slug_per_facet")
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return self.label_nb if (get_language() or "en").startswith("nb") else self.label_en


class OrganisationQuerySet(models.QuerySet["Organisation"]):
    def visible_to(self, user) -> OrganisationQuerySet:
        """Listed organisations for everyone; unlisted ones for their own people and organisers."""
        if user is not None and user.is_authenticated and user.is_organiser:
            return self
        listed = Q(listed=True)
        if user is None or not user.is_authenticated or user.is_pupil:
            return self.filter(listed)
        own = self.filter(memberships__person__user=user).values("pk")
        return self.filter(listed | Q(pk__in=own))


def verified_member_condition(user) -> Q:
    """A condition, true for every row or none: `user` has a verified e-mail address and a
    membership in a member organisation of the cluster.

    This is who "verified cluster members" are: anyone can sign up, but only these see what is
    shared with the cluster's signed-in audience. Two flat EXISTS subqueries, no extra query.
    """
    from allauth.account.models import EmailAddress

    return Q(Exists(EmailAddress.objects.filter(user=user.pk, verified=True))) & Q(
        Exists(Membership.objects.filter(person__user=user.pk, organisation__is_member=True))
    )


class PersonQuerySet(models.QuerySet["Person"]):
    def visible_to(self, user) -> PersonQuerySet:
        """Public people for verified cluster members; everyone for organisers; otherwise the
        user and their colleagues only.

        Pupils' accounts see nobody here: they are minors in a restricted programme role.
        """
        if user is None or not user.is_authenticated or user.is_pupil:
            return self.none()
        if user.is_organiser:
            return self
        colleagues = self.filter(memberships__organisation__memberships__person__user=user).values(
            "pk"
        )
        return self.filter(
            (Q(public=True) & verified_member_condition(user)) | Q(pk__in=colleagues) | Q(user=user)
        )


class Organisation(models.Model):
    class Kind(models.TextChoices):
        PHARMA = "pharma", _("Pharma")
        BIOTECH = "biotech", _("Biotech")
        STARTUP = "startup", _("Start-up")
        ACADEMIC = "academic", _("Academic institute")
        HOSPITAL = "hospital", _("Hospital")
        INVESTOR = "investor", _("Investor")
        AGENCY = "agency", _("Innovation agency or public body")
        SCHOOL = "school", _("School")
        SERVICE = "service", _("Service provider")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, db_index=True)
    is_member = models.BooleanField(_("cluster member"), default=True)
    member_since = models.PositiveIntegerField(
        _("member since"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1990), MaxValueValidator(2100)],
    )
    board_seats = models.PositiveSmallIntegerField(
        _("board seats"), default=0, validators=[MaxValueValidator(20)]
    )
    website = models.URLField(_("website"), blank=True)
    logo = models.ImageField(
        _("logo"), upload_to="logos/", blank=True, validators=[validate_image_upload]
    )
    description = models.TextField(_("description"), blank=True, max_length=5000)
    city = models.CharField(_("city"), max_length=100, blank=True)
    country = models.CharField(_("country"), max_length=100, blank=True, default="Norway")
    listed = models.BooleanField(
        _("listed in the directory"),
        default=True,
        help_text=_("Unlisted organisations are seen by their own people and organisers only."),
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        indexes = [models.Index(fields=["name"])]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("directory:organisation", kwargs={"slug": self.slug})


class Person(models.Model):
    """Someone in the cluster. May have an account (user) or not."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
    )
    name = models.CharField(_("name"), max_length=200)
    title = models.CharField(_("title"), max_length=200, blank=True)
    expertise = models.TextField(_("expertise"), blank=True, max_length=2000)
    expertise_terms = models.ManyToManyField(
        Term, verbose_name=_("expertise terms"), blank=True, related_name="experts"
    )
    languages = models.CharField(_("languages"), max_length=200, blank=True)
    email = models.EmailField(_("contact e-mail"), blank=True)
    public = models.BooleanField(
        _("visible to verified cluster members"),
        default=True,
        help_text=_(
            "Verified cluster members have a confirmed e-mail address and belong to a member "
            "organisation. Otherwise only colleagues and organisers see this person."
        ),
    )
    organisations = models.ManyToManyField(
        Organisation, through="Membership", related_name="people", verbose_name=_("organisations")
    )

    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("directory:person", kwargs={"pk": self.pk})


class Membership(models.Model):
    class Role(models.TextChoices):
        ADMIN = "admin", _("Organisation admin")
        MEMBER = "member", _("Member")
        COORDINATOR = "coordinator", _("School coordinator")
        TEACHER = "teacher", _("Teacher")

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.MEMBER)
    is_mentor = models.BooleanField(
        _("mentor"), default=False, help_text=_("Mentors pupils in the school programme.")
    )

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "organisation"], name="membership_unique_person_organisation"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} @ {self.organisation}"


class PartneringProfile(models.Model):
    """What an organisation offers and seeks, on the shared taxonomy."""

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="profile"
    )
    offers = models.ManyToManyField(
        Term, verbose_name=_("offers"), blank=True, related_name="offered_by"
    )
    seeks = models.ManyToManyField(
        Term, verbose_name=_("seeks"), blank=True, related_name="sought_by"
    )
    offers_text = models.TextField(_("what we offer"), blank=True, max_length=3000)
    seeks_text = models.TextField(_("what we seek"), blank=True, max_length=3000)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("partnering profile")
        verbose_name_plural = _("partnering profiles")

    def __str__(self) -> str:
        return str(self.organisation)


class AssetQuerySet(models.QuerySet["Asset"]):
    def visible_to(self, user) -> AssetQuerySet:
        """The assets `user` may see. Every channel (pages, search, exports, counts, e-mail)
        uses this.

        Organisers see everything and members everything of their own organisations. Otherwise
        an asset must belong to an organisation the user may see (unlisted owners hide their
        assets too), and be public, or for verified cluster members, or shared with one of the
        user's organisations.
        """
        public = Q(visibility=Asset.Visibility.PUBLIC)
        visible_owners = Organisation.objects.visible_to(user).values("pk")
        if user is None or not user.is_authenticated or user.is_pupil:
            return self.filter(public, organisation__in=visible_owners)
        if user.is_organiser:
            return self
        own_organisations = Membership.objects.filter(person__user=user).values("organisation")
        shared_with_them = Asset.audience.through.objects.filter(
            organisation__in=own_organisations
        ).values("asset")
        # Flat subqueries, no joins in the outer query: fast with many assets.
        return self.filter(
            Q(organisation__in=own_organisations)
            | (
                Q(organisation__in=visible_owners)
                & (
                    public
                    | (Q(visibility=Asset.Visibility.SIGNED_IN) & verified_member_condition(user))
                    | Q(visibility=Asset.Visibility.RESTRICTED, pk__in=shared_with_them)
                )
            )
        )


class Asset(models.Model):
    """A pipeline item or technology of an organisation."""

    class Visibility(models.TextChoices):
        PUBLIC = "public", _("Public")
        SIGNED_IN = "signed_in", _("Verified cluster members")
        RESTRICTED = "restricted", _("Named organisations only")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="assets", verbose_name=_("owner")
    )
    title = models.CharField(_("title"), max_length=200)
    modality = models.ForeignKey(
        Term,
        verbose_name=_("modality"),
        on_delete=models.PROTECT,
        related_name="assets_by_modality",
        limit_choices_to={"facet": Term.Facet.MODALITY},
    )
    indication = models.ForeignKey(
        Term,
        verbose_name=_("indication"),
        on_delete=models.PROTECT,
        related_name="assets_by_indication",
        limit_choices_to={"facet": Term.Facet.CANCER_TYPE},
        null=True,
        blank=True,
    )
    targets = models.ManyToManyField(
        Term,
        verbose_name=_("targets and biomarkers"),
        blank=True,
        related_name="assets_by_target",
        limit_choices_to={"facet": Term.Facet.TARGET},
    )
    stage = models.ForeignKey(
        Term,
        verbose_name=_("stage"),
        on_delete=models.PROTECT,
        related_name="assets_by_stage",
        limit_choices_to={"facet": Term.Facet.STAGE},
    )
    summary = models.TextField(_("summary"), max_length=4000)
    visibility = models.CharField(
        _("visibility"),
        max_length=16,
        choices=Visibility.choices,
        default=Visibility.PUBLIC,
        help_text=_(
            "Verified cluster members are people with a confirmed e-mail address who belong to "
            "a member organisation of the cluster; signing up alone is not enough."
        ),
    )
    audience = models.ManyToManyField(
        Organisation,
        verbose_name=_("audience"),
        blank=True,
        related_name="shared_assets",
        help_text=_("For 'named organisations only': who may see it, besides the owner."),
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    objects = AssetQuerySet.as_manager()

    class Meta:
        verbose_name = _("asset")
        verbose_name_plural = _("assets")
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("directory:asset", kwargs={"pk": self.pk})
