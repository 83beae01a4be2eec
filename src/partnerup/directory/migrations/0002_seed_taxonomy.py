from django.db import migrations


def seed(apps, schema_editor):
    from partnerup.directory.taxonomy_seed import seed_taxonomy

    seed_taxonomy(apps.get_model("directory", "Term"))


class Migration(migrations.Migration):
    dependencies = [("directory", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
