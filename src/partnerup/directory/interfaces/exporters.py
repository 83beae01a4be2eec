from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from partnerup.common.interfaces.exporters import Exporter
from partnerup.directory.models import Organisation, PartneringProfile, Term


class OrganisationExporter(Exporter):
    identifier = "organisations"
    name = _("Organisations")

    def __init__(self, queryset):
        self.queryset = queryset

    def headers(self):
        return [
            _("Name"),
            _("Kind"),
            _("Cluster member"),
            _("Member since"),
            _("City"),
            _("Website"),
            _("Offers"),
            _("Seeks"),
        ]

    def rows(self):
        # Plain values and two lookups instead of model instances: exports of thousands of
        # organisations stay fast.
        labels = {term.pk: term.label for term in Term.objects.all()}
        kinds = dict(Organisation.Kind.choices)
        organisations = list(
            self.queryset.values_list(
                "pk", "name", "kind", "is_member", "member_since", "city", "website"
            )
        )
        ids = self.queryset.values("pk")
        offers = _terms_by_organisation(PartneringProfile.offers.through, ids, labels)
        seeks = _terms_by_organisation(PartneringProfile.seeks.through, ids, labels)
        yes, no = str(_("yes")), str(_("no"))
        for pk, name, kind, is_member, since, city, website in organisations:
            yield [
                name,
                str(kinds.get(kind, kind)),
                yes if is_member else no,
                since,
                city,
                website,
                "; ".join(offers.get(pk, [])),
                "; ".join(seeks.get(pk, [])),
            ]


def _terms_by_organisation(through, organisation_ids, labels) -> dict[int, list[str]]:
    result: dict[int, list[str]] = {}
    pairs = through.objects.filter(
        partneringprofile__organisation_id__in=organisation_ids
    ).values_list("partneringprofile__organisation_id", "term_id")
    for organisation_id, term_id in pairs:
        result.setdefault(organisation_id, []).append(labels[term_id])
    return result


class AssetExporter(Exporter):
    """Only ever given `Asset.objects.visible_to(user)`: confidential assets stay inside."""

    identifier = "assets"
    name = _("Assets")

    def __init__(self, queryset):
        self.queryset = queryset.select_related(
            "organisation", "modality", "indication", "stage"
        ).prefetch_related("targets")

    def headers(self):
        return [
            _("Title"),
            _("Owner"),
            _("Modality"),
            _("Indication"),
            _("Targets"),
            _("Stage"),
            _("Visibility"),
            _("Summary"),
        ]

    def rows(self):
        for asset in self.queryset:
            yield [
                asset.title,
                asset.organisation.name,
                asset.modality.label,
                asset.indication.label if asset.indication else "",
                "; ".join(t.label for t in asset.targets.all()),
                asset.stage.label,
                asset.get_visibility_display(),
                asset.summary,
            ]
