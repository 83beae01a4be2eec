from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from partnerup.accounts.models import Invitation, User
from partnerup.directory.models import Organisation, Person


class AccountForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["name", "language"]


class PersonForm(forms.ModelForm):
    class Meta:
        model = Person
        fields = ["name", "title", "expertise", "expertise_terms", "languages", "email", "public"]
        widgets = {"expertise_terms": forms.CheckboxSelectMultiple}


class InvitationForm(forms.ModelForm):
    language = forms.ChoiceField(
        label=_("Language of the e-mail"), choices=[("en", "English"), ("nb", "Norsk bokmål")]
    )

    class Meta:
        model = Invitation
        fields = ["email", "name", "organisation", "role"]

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if user.is_organiser:
            self.fields["organisation"].queryset = Organisation.objects.all()
        else:
            self.fields["organisation"].queryset = Organisation.objects.filter(
                memberships__person__user=user, memberships__role="admin"
            )
            self.fields["organisation"].required = True
            self.fields["role"].choices = [
                choice for choice in Invitation.Role.choices if choice[0] != "organiser"
            ]

    def clean(self):
        cleaned = super().clean()
        organisation = cleaned.get("organisation")
        role = cleaned.get("role")
        if role and role != Invitation.Role.ORGANISER and organisation is None:
            self.add_error("organisation", _("Choose the organisation the person will join."))
        school_role = role in {Invitation.Role.COORDINATOR, Invitation.Role.TEACHER}
        if school_role and organisation and organisation.kind != Organisation.Kind.SCHOOL:
            self.add_error("role", _("Coordinators and teachers belong to a school."))
        email = cleaned.get("email")
        if (
            email
            and organisation
            and Person.objects.filter(
                user__email__iexact=email, memberships__organisation=organisation
            ).exists()
        ):
            self.add_error("email", _("This person is already a member of the organisation."))
        return cleaned


class DeleteAccountForm(forms.Form):
    """Deleting an account cannot be undone, so the password is asked for again."""

    password = forms.CharField(label=_("Your password"), widget=forms.PasswordInput, max_length=256)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("That is not your password."))
        return password
