from __future__ import annotations

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from partnerup.common.forms import IdMultipleChoiceField, SearchField
from partnerup.directory.domain import AssetData, OrganisationData, ProfileData
from partnerup.directory.models import Asset, Organisation, PartneringProfile, Person, Term
from partnerup.directory.queries import audience_choices


class TermChoiceField(IdMultipleChoiceField):
    def label_from_instance(self, obj: Term) -> str:
        return obj.label


class OrganisationForm(forms.ModelForm):
    website = forms.URLField(
        label=_("website"), required=False, assume_scheme="https", max_length=200
    )

    class Meta:
        model = Organisation
        fields = ["name", "kind", "website", "logo", "description", "city", "country", "listed"]
        widgets = {"description": forms.Textarea(attrs={"rows": 5})}

    def to_data(self) -> OrganisationData:
        data = self.cleaned_data
        logo = data.get("logo")
        return OrganisationData(
            name=data["name"],
            kind=data["kind"],
            website=data.get("website") or "",
            # A new upload, False to remove the logo; the current file or nothing keeps it.
            logo=logo if logo is False or "logo" in self.files else None,
            description=data.get("description") or "",
            city=data.get("city") or "",
            country=data.get("country") or "",
            listed=data.get("listed", True),
            is_member=data.get("is_member"),
            member_since=data.get("member_since"),
            board_seats=data.get("board_seats"),
        )


class OrganiserOrganisationForm(OrganisationForm):
    """Organisers also manage cluster membership."""

    class Meta(OrganisationForm.Meta):
        fields = [*OrganisationForm.Meta.fields, "is_member", "member_since", "board_seats"]


def _terms(facets: list[str] | None = None):
    terms = Term.objects.filter(active=True)
    return terms.filter(facet__in=facets) if facets else terms


class PartneringProfileForm(forms.ModelForm):
    offers = TermChoiceField(
        label=_("We offer"),
        queryset=_terms(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    seeks = TermChoiceField(
        label=_("We seek"),
        queryset=_terms(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = PartneringProfile
        fields = ["offers", "offers_text", "seeks", "seeks_text"]
        widgets = {
            "offers_text": forms.Textarea(attrs={"rows": 4}),
            "seeks_text": forms.Textarea(attrs={"rows": 4}),
        }

    def to_data(self) -> ProfileData:
        data = self.cleaned_data
        return ProfileData(
            offers=list(data.get("offers") or []),
            seeks=list(data.get("seeks") or []),
            offers_text=data.get("offers_text") or "",
            seeks_text=data.get("seeks_text") or "",
        )


class AssetForm(forms.ModelForm):
    targets = TermChoiceField(
        label=_("Targets and biomarkers"),
        queryset=_terms([Term.Facet.TARGET]),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Asset
        fields = [
            "title",
            "modality",
            "indication",
            "targets",
            "stage",
            "summary",
            "visibility",
            "audience",
        ]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 5}),
            "audience": forms.SelectMultiple(attrs={"size": 8}),
        }
        field_classes = {"audience": IdMultipleChoiceField}

    def __init__(self, *args, owner: Organisation, viewer, **kwargs):
        super().__init__(*args, **kwargs)
        self.owner = owner
        self.fields["modality"].queryset = _terms([Term.Facet.MODALITY])
        self.fields["indication"].queryset = _terms([Term.Facet.CANCER_TYPE])
        self.fields["stage"].queryset = _terms([Term.Facet.STAGE])
        # Only organisations the editor may see: the picker must not list unlisted ones.
        self.fields["audience"].queryset = audience_choices(viewer, owner)
        for name in ("modality", "indication", "stage"):
            self.fields[name].label_from_instance = lambda term: term.label

    def clean(self):
        cleaned = super().clean()
        visibility = cleaned.get("visibility")
        audience = cleaned.get("audience")
        if visibility == Asset.Visibility.RESTRICTED and not audience:
            self.add_error("audience", _("Name at least one organisation that may see this asset."))
        if visibility != Asset.Visibility.RESTRICTED and audience:
            self.add_error(
                "audience",
                _("An audience applies only to assets visible to named organisations."),
            )
        return cleaned

    def to_data(self) -> AssetData:
        data = self.cleaned_data
        return AssetData(
            title=data["title"],
            modality=data["modality"],
            indication=data.get("indication"),
            targets=list(data.get("targets") or []),
            stage=data["stage"],
            summary=data["summary"],
            visibility=data["visibility"],
            audience=list(data.get("audience") or []),
        )


class SearchForm(forms.Form):
    q = SearchField()

    def text_query(self) -> str:
        return self.cleaned_data.get("q", "").strip() if self.is_valid() else ""


class OrganisationSearchForm(SearchForm):
    kind = forms.MultipleChoiceField(
        label=_("Kind"),
        choices=Organisation.Kind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    terms = TermChoiceField(
        label=_("Taxonomy"), queryset=_terms(), required=False, widget=forms.CheckboxSelectMultiple
    )
    side = forms.ChoiceField(
        label=_("Matching"),
        choices=[("any", _("offers or seeks")), ("offers", _("offers")), ("seeks", _("seeks"))],
        required=False,
    )
    members_only = forms.BooleanField(label=_("Cluster members only"), required=False)

    def filter(self, queryset):
        if not self.is_valid():
            return queryset
        data = self.cleaned_data
        text = self.text_query()
        if text:
            # Terms are few: find the matching ones first, then organisations that use them,
            # instead of matching text across the profile-term joins.
            term_ids = list(
                Term.objects.filter(
                    Q(label_en__icontains=text) | Q(label_nb__icontains=text)
                ).values_list("pk", flat=True)
            )
            condition = (
                Q(name__icontains=text)
                | Q(description__icontains=text)
                | Q(city__icontains=text)
                | Q(profile__offers_text__icontains=text)
                | Q(profile__seeks_text__icontains=text)
            )
            if term_ids:
                profiles = PartneringProfile.objects.filter(
                    Q(offers__in=term_ids) | Q(seeks__in=term_ids)
                ).values("organisation_id")
                condition |= Q(pk__in=profiles)
            queryset = queryset.filter(condition)
        if data.get("kind"):
            queryset = queryset.filter(kind__in=data["kind"])
        if data.get("members_only"):
            queryset = queryset.filter(is_member=True)
        side = data.get("side") or "any"
        # Within a facet any chosen term matches; across facets all must.
        by_facet: dict[str, list[int]] = {}
        for term in data.get("terms") or []:
            by_facet.setdefault(term.facet, []).append(term.pk)
        for term_ids in by_facet.values():
            condition = Q()
            if side in {"any", "offers"}:
                condition |= Q(profile__offers__in=term_ids)
            if side in {"any", "seeks"}:
                condition |= Q(profile__seeks__in=term_ids)
            queryset = queryset.filter(pk__in=Organisation.objects.filter(condition).values("pk"))
        return queryset


class AssetSearchForm(SearchForm):
    modality = TermChoiceField(
        label=_("Modality"),
        queryset=_terms([Term.Facet.MODALITY]),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    indication = TermChoiceField(
        label=_("Indication"),
        queryset=_terms([Term.Facet.CANCER_TYPE]),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    target = TermChoiceField(
        label=_("Target or biomarker"),
        queryset=_terms([Term.Facet.TARGET]),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    stage = TermChoiceField(
        label=_("Stage"),
        queryset=_terms([Term.Facet.STAGE]),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def filter(self, queryset):
        if not self.is_valid():
            return queryset
        data = self.cleaned_data
        text = self.text_query()
        if text:
            queryset = queryset.filter(
                Q(title__icontains=text)
                | Q(summary__icontains=text)
                | Q(organisation__name__icontains=text)
            )
        if data.get("modality"):
            queryset = queryset.filter(modality__in=data["modality"])
        if data.get("indication"):
            queryset = queryset.filter(indication__in=data["indication"])
        if data.get("stage"):
            queryset = queryset.filter(stage__in=data["stage"])
        if data.get("target"):
            queryset = queryset.filter(
                pk__in=Asset.objects.filter(targets__in=data["target"]).values("pk")
            )
        return queryset


class PersonSearchForm(SearchForm):
    organisation_kind = forms.MultipleChoiceField(
        label=_("Organisation kind"),
        choices=Organisation.Kind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    expertise = TermChoiceField(
        label=_("Expertise"), queryset=_terms(), required=False, widget=forms.CheckboxSelectMultiple
    )

    def filter(self, queryset, organisations=None):
        """Filter `queryset`; the kind filter looks at memberships of `organisations` only (the
        ones the viewer may see), so it cannot reveal a membership of an unlisted one."""
        if not self.is_valid():
            return queryset
        data = self.cleaned_data
        text = self.text_query()
        if text:
            queryset = queryset.filter(
                Q(name__icontains=text) | Q(title__icontains=text) | Q(expertise__icontains=text)
            )
        if data.get("organisation_kind"):
            kinds = Organisation.objects.filter(kind__in=data["organisation_kind"])
            if organisations is not None:
                kinds = kinds.filter(pk__in=organisations.values("pk"))
            queryset = queryset.filter(
                pk__in=Person.objects.filter(
                    memberships__organisation__in=kinds.values("pk")
                ).values("pk")
            )
        if data.get("expertise"):
            queryset = queryset.filter(
                pk__in=Person.objects.filter(expertise_terms__in=data["expertise"]).values("pk")
            )
        return queryset
