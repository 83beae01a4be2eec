"""Organisers who joined through an invitation were made superusers; they are not.

Superuser belongs to the operator account made with `createsuperuser`, which accepted no
invitation. Organisers keep `is_organiser` and `is_staff`; the admin asks the rules.
"""

from django.db import migrations


def organisers_are_not_superusers(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    Invitation = apps.get_model("accounts", "Invitation")
    invited = Invitation.objects.filter(role="organiser", accepted_by__isnull=False).values(
        "accepted_by"
    )
    User.objects.filter(pk__in=invited, is_superuser=True).update(is_superuser=False)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_initial")]

    operations = [migrations.RunPython(organisers_are_not_superusers, migrations.RunPython.noop)]
