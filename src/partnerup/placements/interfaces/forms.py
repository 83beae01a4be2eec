from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from partnerup.common.forms import IdMultipleChoiceField
from partnerup.common.validators import validate_upload_size
from partnerup.directory.models import Person
from partnerup.placements.models import (
    Activity,
    Attendance,
    GuardianConsent,
    Placement,
    PlacementOffer,
    PlacementRound,
    Pupil,
    SchoolClass,
)


class DateInput(forms.DateInput):
    input_type = "date"


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class RoundForm(forms.ModelForm):
    class Meta:
        model = PlacementRound
        fields = ["school_year", "name", "opens", "deadline", "max_choices", "status", "seed"]
        widgets = {"opens": DateTimeInput(), "deadline": DateTimeInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Allocation and publication happen through their own actions, never by editing.
        editable = [
            PlacementRound.Status.DRAFT,
            PlacementRound.Status.OPEN,
            PlacementRound.Status.CLOSED,
        ]
        current = self.instance.status if self.instance.pk else PlacementRound.Status.DRAFT
        if current not in editable:
            self.fields["status"].disabled = True
        else:
            self.fields["status"].choices = [
                c for c in PlacementRound.Status.choices if c[0] in editable
            ]

    def clean(self):
        cleaned = super().clean()
        opens, deadline = cleaned.get("opens"), cleaned.get("deadline")
        if opens and deadline and deadline <= opens:
            self.add_error("deadline", _("The deadline must be after the opening."))
        return cleaned


class OfferForm(forms.ModelForm):
    class Meta:
        model = PlacementOffer
        fields = [
            "round",
            "host",
            "title",
            "field",
            "description",
            "starts",
            "ends",
            "place",
            "capacity",
            "requirements",
            "mentors",
        ]
        widgets = {
            "starts": DateInput(),
            "ends": DateInput(),
            "description": forms.Textarea(attrs={"rows": 5}),
            "requirements": forms.Textarea(attrs={"rows": 3}),
            "mentors": forms.CheckboxSelectMultiple,
        }
        # A huge or non-numeric id is a form error, not a database error.
        field_classes = {"mentors": IdMultipleChoiceField}

    def __init__(self, *args, hosts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["host"].queryset = hosts
        self.fields["round"].queryset = PlacementRound.objects.filter(
            status__in=[PlacementRound.Status.DRAFT, PlacementRound.Status.OPEN]
        ) | PlacementRound.objects.filter(pk=self.instance.round_id or 0)
        self.fields["mentors"].queryset = Person.objects.filter(
            memberships__organisation__in=hosts
        ).distinct()

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("starts"), cleaned.get("ends")
        if starts and ends and ends < starts:
            self.add_error("ends", _("The last day cannot be before the first day."))
        host, mentors = cleaned.get("host"), cleaned.get("mentors")
        if host and mentors:
            outside = [m for m in mentors if not m.memberships.filter(organisation=host).exists()]
            if outside:
                self.add_error("mentors", _("Mentors must work at the host organisation."))
        return cleaned


class ApplicationForm(forms.Form):
    """One choice number and a motivation per offer; at most `max_choices` offers."""

    def __init__(self, *args, offers, max_choices: int, current=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.offers = list(offers)
        self.max_choices = max_choices
        current = current or {}
        rank_choices = [("", _("—"))] + [(str(i), str(i)) for i in range(1, max_choices + 1)]
        for offer in self.offers:
            previous = current.get(offer.pk)
            self.fields[f"rank_{offer.pk}"] = forms.ChoiceField(
                label=_("Choice number"),
                choices=rank_choices,
                required=False,
                initial=str(previous.rank) if previous else "",
            )
            self.fields[f"motivation_{offer.pk}"] = forms.CharField(
                label=_("Why this placement? (optional)"),
                required=False,
                max_length=1000,
                widget=forms.Textarea(attrs={"rows": 2}),
                initial=previous.motivation if previous else "",
            )

    def rows(self):
        for offer in self.offers:
            yield offer, self[f"rank_{offer.pk}"], self[f"motivation_{offer.pk}"]

    def clean(self):
        cleaned = super().clean()
        chosen = [
            (int(cleaned[f"rank_{offer.pk}"]), offer, cleaned.get(f"motivation_{offer.pk}", ""))
            for offer in self.offers
            if cleaned.get(f"rank_{offer.pk}")
        ]
        ranks = [rank for rank, _offer, _motivation in chosen]
        if not chosen:
            raise forms.ValidationError(_("Choose at least one offer."))
        if len(set(ranks)) != len(ranks):
            raise forms.ValidationError(_("Give each chosen offer a different number."))
        self.choices = [(offer, motivation) for _rank, offer, motivation in sorted(chosen)]
        return cleaned


class RankingForm(forms.Form):
    """The host's order of its applicants: a position for each, or empty to decline."""

    def __init__(self, *args, applications, **kwargs):
        super().__init__(*args, **kwargs)
        self.applications = list(applications)
        for application in self.applications:
            self.fields[f"position_{application.pk}"] = forms.IntegerField(
                label=application.applicant_code,
                required=False,
                min_value=1,
                max_value=len(self.applications),
                initial=application.host_rank,
            )

    def rows(self):
        for application in self.applications:
            yield application, self[f"position_{application.pk}"]

    def clean(self):
        cleaned = super().clean()
        positions = [
            (cleaned[f"position_{a.pk}"], a)
            for a in self.applications
            if cleaned.get(f"position_{a.pk}") is not None
        ]
        numbers = [position for position, _a in positions]
        if len(set(numbers)) != len(numbers):
            raise forms.ValidationError(_("Give each applicant a different position."))
        self.ranked = [
            application for _position, application in sorted(positions, key=lambda p: p[0])
        ]
        return cleaned


class AdjustForm(forms.Form):
    pupil = forms.ModelChoiceField(label=_("Pupil"), queryset=Pupil.objects.none())
    offer = forms.ModelChoiceField(
        label=_("Offer"),
        queryset=PlacementOffer.objects.none(),
        required=False,
        empty_label=_("— not placed —"),
    )

    def __init__(self, *args, round, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pupil"].queryset = Pupil.objects.filter(
            applications__offer__round=round
        ).distinct()
        self.fields["offer"].queryset = round.offers.all()


class PupilForm(forms.ModelForm):
    class Meta:
        model = Pupil
        fields = ["name", "school", "school_class", "level", "email", "language"]

    def __init__(self, *args, schools, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = schools
        self.fields["school_class"].queryset = SchoolClass.objects.filter(school__in=schools)

    def clean(self):
        cleaned = super().clean()
        school, school_class = cleaned.get("school"), cleaned.get("school_class")
        if school and school_class and school_class.school_id != school.pk:
            self.add_error("school_class", _("Choose a class of the pupil's school."))
        return cleaned


class ConsentForm(forms.ModelForm):
    class Meta:
        model = GuardianConsent
        fields = ["guardian_name", "given_on"]
        widgets = {"given_on": DateInput()}


class MentorPlacementForm(forms.ModelForm):
    class Meta:
        model = Placement
        fields = ["status", "days_attended", "mentor", "mentor_rating", "mentor_evaluation"]
        widgets = {"mentor_evaluation": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mentor"].queryset = Person.objects.filter(
            memberships__organisation=self.instance.host
        ).distinct()


class PupilEvaluationForm(forms.ModelForm):
    class Meta:
        model = Placement
        fields = ["pupil_rating", "pupil_evaluation"]
        widgets = {"pupil_evaluation": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pupil_rating"].required = True


class ActivityForm(forms.ModelForm):
    class Meta:
        model = Activity
        fields = ["programme", "kind", "title", "date", "host"]
        widgets = {"date": DateInput()}


class AttendanceForm(forms.ModelForm):
    class Meta:
        model = Attendance
        fields = ["role", "organisation", "count"]


class BaseAttendanceFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        seen = set()
        for form in self.forms:
            data = getattr(form, "cleaned_data", None)
            if not data or data.get("DELETE") or not data.get("role"):
                continue
            organisation = data.get("organisation")
            key = (data["role"], organisation.pk if organisation else None)
            if key in seen:
                raise forms.ValidationError(SAME_GROUP_TWICE)
            seen.add(key)


SAME_GROUP_TWICE = _("Two groups have the same role and organisation; put them in one group.")

AttendanceFormSet = forms.inlineformset_factory(
    Activity,
    Attendance,
    form=AttendanceForm,
    formset=BaseAttendanceFormSet,
    extra=3,
    can_delete=True,
    max_num=50,
    validate_max=True,
)


class HistoryImportForm(forms.Form):
    file = forms.FileField(label=_("CSV file"), validators=[validate_upload_size])

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".csv"):
            raise forms.ValidationError(_("Upload a .csv file."))
        from partnerup.placements.interfaces.importer import MAX_BYTES, check_limits

        if upload.size > MAX_BYTES:
            raise forms.ValidationError(check_limits("", upload.size))
        try:
            text = upload.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            raise forms.ValidationError(_("The file is not UTF-8 text.")) from None
        problems = check_limits(text, upload.size)
        if problems:
            raise forms.ValidationError(problems)
        return text
