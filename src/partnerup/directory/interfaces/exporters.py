from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from partnerup.common.interfaces.exporters import Exporter


class OrganisationExporter(Exporter):
    identifier = "organisations"
    name = _("Organisations")

    def __init__(self, queryset):
        self.queryset = queryset.select_related("profile").prefetch_related(
            "profile__offers", "profile__seeks"
        )

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
        for org in self.queryset:
            profile = getattr(org, "profile", None)
            yield [
                org.name,
                org.get_kind_display(),
                _("yes") if org.is_member else _("no"),
                org.member_since,
                org.city,
                org.website,
                "; ".join(t.label for t in profile.offers.all()) if profile else "",
                "; ".join(t.label for t in profile.seeks.all()) if profile else "",
            ]


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
