from __future__ import annotations

from datetime import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from partnerup.common.dates import event_time, zone_of
from partnerup.common.forms import IdMultipleChoiceField
from partnerup.common.validators import validate_upload_size
from partnerup.directory.models import Organisation, Term
from partnerup.events.models import (
    MeetingFeedback,
    MeetingRequest,
    ParticipantType,
    Pitch,
    ScoutingCall,
)


class TermField(IdMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.label


class RegistrationForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.none()
    )
    type = forms.ChoiceField(label=_("Participant type"), choices=ParticipantType.choices)
    headline = forms.CharField(label=_("Headline"), max_length=200, required=False)
    profile_text = forms.CharField(
        label=_("About us at this event"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    offers = TermField(
        label=_("We offer"),
        queryset=Term.objects.filter(active=True),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    seeks = TermField(
        label=_("We seek"),
        queryset=Term.objects.filter(active=True),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    AVAILABILITY = [
        ("all", _("All day")),
        ("morning", _("Before 12:00 only")),
        ("afternoon", _("From 12:00 only")),
        ("absent", _("Not there")),
    ]

    def __init__(self, *args, user, event=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.event = event
        self.days = list(event.days.all()) if event is not None else []
        for day in self.days:
            self.fields[f"day_{day.pk}"] = forms.ChoiceField(
                label=_("Availability on %(date)s")
                % {"date": event_time(day.date, event, "DAY_DATE_FORMAT")},
                choices=self.AVAILABILITY,
                initial="all",
                required=False,
            )
        organisations = (
            Organisation.objects.all()
            if user.is_organiser
            else Organisation.objects.filter(memberships__person__user=user).distinct()
        )
        self.fields["organisation"].queryset = organisations
        first = organisations.first()
        # Prefilled from the organisation's partnering profile; the participant may edit it.
        profile = getattr(first, "profile", None) if first else None
        if first is not None and not self.is_bound:
            self.initial.setdefault("organisation", first.pk)
            if profile is not None:
                self.initial.setdefault("offers", list(profile.offers.values_list("pk", flat=True)))
                self.initial.setdefault("seeks", list(profile.seeks.values_list("pk", flat=True)))
                self.initial.setdefault("profile_text", profile.offers_text)

    def unavailable_slots(self):
        """The event's slots outside the availability given for each day."""
        from zoneinfo import ZoneInfo

        zone = ZoneInfo(self.event.timezone)
        result = []
        for day in self.days:
            choice = self.cleaned_data.get(f"day_{day.pk}") or "all"
            if choice == "all":
                continue
            for slot in self.event.slots.filter(starts__date=day.date):
                hour = slot.starts.astimezone(zone).hour
                if (
                    choice == "absent"
                    or (choice == "morning" and hour >= 12)
                    or (choice == "afternoon" and hour < 12)
                ):
                    result.append(slot)
        return result


class RequestForm(forms.ModelForm):
    class Meta:
        model = MeetingRequest
        fields = ["message", "priority"]
        widgets = {
            "message": forms.Textarea(attrs={"rows": 3}),
            "priority": forms.Select(
                choices=[
                    (3, _("3 — must meet")),
                    (2, _("2 — want to meet")),
                    (1, _("1 — nice to meet")),
                ]
            ),
        }


class DeclineForm(forms.Form):
    reason = forms.CharField(label=_("Reason (optional)"), max_length=300, required=False)


class FeedbackForm(forms.ModelForm):
    class Meta:
        model = MeetingFeedback
        fields = ["rating", "outcome", "note"]
        widgets = {
            "rating": forms.Select(choices=[(n, str(n)) for n in range(5, 0, -1)]),
            "note": forms.Textarea(attrs={"rows": 3}),
        }


class EventDateTimeField(forms.DateTimeField):
    """A moment typed as the event's local time: a datetime-local input carries no zone, and
    an organiser of an event abroad means that place's clock, not the site's."""

    zone = None

    def prepare_value(self, value):
        if self.zone is not None and isinstance(value, datetime) and timezone.is_aware(value):
            return timezone.make_naive(value, self.zone)
        return super().prepare_value(value)

    def to_python(self, value):
        if self.zone is None:
            return super().to_python(value)
        with timezone.override(self.zone):
            return super().to_python(value)


class CallForm(forms.ModelForm):
    class Meta:
        model = ScoutingCall
        fields = ["host", "title", "description", "terms", "deadline"]
        field_classes = {"terms": IdMultipleChoiceField, "deadline": EventDateTimeField}
        widgets = {
            "terms": forms.CheckboxSelectMultiple,
            "deadline": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            ),
        }

    def __init__(self, *args, hosts, event=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["host"].queryset = hosts
        if event is not None:
            self.fields["deadline"].zone = zone_of(event)
        self.fields["terms"].label_from_instance = lambda term: term.label


class PitchForm(forms.ModelForm):
    class Meta:
        model = Pitch
        fields = ["title", "summary", "stage", "modality", "attachment"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("stage", "modality"):
            self.fields[name].label_from_instance = lambda term: term.label

    def clean_attachment(self):
        upload = self.cleaned_data.get("attachment")
        if upload and hasattr(upload, "size"):
            validate_upload_size(upload)
            head = upload.read(5)
            upload.seek(0)
            if not upload.name.lower().endswith(".pdf") or head != b"%PDF-":
                raise forms.ValidationError(_("Attach a PDF file."))
        return upload
