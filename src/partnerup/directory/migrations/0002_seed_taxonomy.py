from django.db import migrations


def seed(apps, schema_editor):
    from partnerup.directory.taxonomy_seed import TERMS

    Term = apps.get_model("directory", "Term")
    positions: dict[str, int] = {}
    for facet, slug, label_en, label_nb in TERMS:
        positions[facet] = positions.get(facet, 0) + 1
        Term.objects.update_or_create(
            facet=facet,
            slug=slug,
            defaults={"label_en": label_en, "label_nb": label_nb, "position": positions[facet]},
        )


class Migration(migrations.Migration):
    dependencies = [("directory", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
