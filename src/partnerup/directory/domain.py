"""State changes of the directory: every write goes through one of these functions.

They take plain, typed values (no forms, no request); views and the admin validate first.
"""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field as dataclass_field
from typing import Any, Literal

from django.core.files import File
from django.db import transaction
from django.utils.text import slugify

from partnerup.common.activity import log_action
from partnerup.directory.models import Asset, Organisation, PartneringProfile, Person, Term


@dataclass(frozen=True)
class OrganisationData:
    name: str
    kind: str
    website: str = ""
    # A new upload, False to remove the logo, None to keep it.
    logo: File | Literal[False] | None = None
    description: str = ""
    city: str = ""
    country: str = ""
    listed: bool = True
    # Organisers only; None keeps the current value.
    is_member: bool | None = None
    member_since: int | None = None
    board_seats: int | None = None


@dataclass(frozen=True)
class ProfileData:
    offers: list[Term] = dataclass_field(default_factory=list)
    seeks: list[Term] = dataclass_field(default_factory=list)
    offers_text: str = ""
    seeks_text: str = ""


@dataclass(frozen=True)
class AssetData:
    title: str
    modality: Term
    stage: Term
    summary: str
    visibility: str
    indication: Term | None = None
    targets: list[Term] = dataclass_field(default_factory=list)
    audience: list[Organisation] = dataclass_field(default_factory=list)


def unique_slug(name: str, exclude_pk: int | None = None) -> str:
    base = slugify(name)[:70] or "organisation"
    slug, counter = base, 2
    while Organisation.objects.filter(slug=slug).exclude(pk=exclude_pk).exists():
        slug = f"{base}-{counter}"
        counter += 1
    return slug


def _text(value: Any) -> Any:
    if isinstance(value, File):
        return value.name or ""
    if hasattr(value, "__iter__") and not isinstance(value, str | bytes):
        return sorted(str(item) for item in value)
    return "" if value is None else str(value)


def _changes(before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    return {name: after[name] for name in after if before.get(name) != after[name]}


def _organisation_snapshot(organisation: Organisation) -> dict[str, Any]:
    names = ["name", "kind", "website", "logo", "description", "city", "country", "listed"]
    names += ["is_member", "member_since", "board_seats"]
    return {name: _text(getattr(organisation, name)) for name in names}


def _profile_snapshot(profile: PartneringProfile) -> dict[str, Any]:
    if profile.pk is None:
        return {}
    return {
        "offers": _text(profile.offers.all()),
        "seeks": _text(profile.seeks.all()),
        "offers_text": profile.offers_text,
        "seeks_text": profile.seeks_text,
    }


@transaction.atomic
def save_organisation(
    organisation: Organisation, data: OrganisationData, profile: ProfileData | None, actor
) -> Organisation:
    """Create (`organisation` unsaved) or change an organisation and its partnering profile.

    Side effects: gives a new organisation a unique slug; creates the partnering profile if it
    is missing; logs `directory.organisation.created` or `.changed` and
    `directory.profile.changed` with the changed fields; makes the recommendations be computed
    anew after commit.
    """
    creating = organisation.pk is None
    # Read the stored row: a validated ModelForm has already changed the instance in memory.
    before = (
        {} if creating else _organisation_snapshot(Organisation.objects.get(pk=organisation.pk))
    )
    for name in ("name", "kind", "website", "description", "city", "country", "listed"):
        setattr(organisation, name, getattr(data, name))
    for name in ("is_member", "member_since", "board_seats"):
        if getattr(data, name) is not None:
            setattr(organisation, name, getattr(data, name))
    if data.logo is False:
        organisation.logo = ""
    elif data.logo is not None:
        organisation.logo = data.logo
    if not organisation.slug:
        organisation.slug = unique_slug(organisation.name)
    organisation.full_clean(exclude=["logo"])
    organisation.save()
    if creating:
        log_action(organisation, "directory.organisation.created", actor)
    else:
        changed = _changes(before, _organisation_snapshot(organisation))
        if changed:
            log_action(organisation, "directory.organisation.changed", actor, changed)
    partnering, _created = PartneringProfile.objects.get_or_create(organisation=organisation)
    if profile is not None:
        before = _profile_snapshot(partnering)
        partnering.offers_text = profile.offers_text
        partnering.seeks_text = profile.seeks_text
        partnering.save()
        partnering.offers.set(profile.offers)
        partnering.seeks.set(profile.seeks)
        changed = _changes(before, _profile_snapshot(partnering))
        if changed:
            log_action(organisation, "directory.profile.changed", actor, changed)
    _profiles_changed()
    return organisation


def _profiles_changed() -> None:
    """Recommendations read profiles and assets: let the next page compute them anew."""
    from django.core.cache import cache

    transaction.on_commit(
        lambda: cache.set(
            "directory-recommendations-version",
            cache.get("directory-recommendations-version", 0) + 1,
            None,
        )
    )


def _asset_snapshot(asset: Asset) -> dict[str, Any]:
    values = {
        name: _text(getattr(asset, name))
        for name in ("title", "modality", "indication", "stage", "summary", "visibility")
    }
    values["targets"] = _text(asset.targets.all())
    values["audience"] = _text(asset.audience.all())
    return values


@transaction.atomic
def save_asset(
    organisation: Organisation, data: AssetData, actor, asset: Asset | None = None
) -> Asset:
    """Create (`asset` None) or change an asset of `organisation`.

    Side effects: logs `directory.asset.created` or `.changed` with the changed fields; makes
    the recommendations be computed anew after commit. The audience becomes `data.audience`,
    except that grants to organisations `actor` may not see (unlisted ones) are kept: an editor
    cannot drop what they were never shown. An asset that is not restricted keeps no audience,
    so widening visibility never leaves stale grants behind.
    """
    creating = asset is None
    asset = asset or Asset(organisation=organisation)
    before = {} if creating else _asset_snapshot(Asset.objects.get(pk=asset.pk))
    asset.organisation = organisation
    for name in ("title", "modality", "indication", "stage", "summary", "visibility"):
        setattr(asset, name, getattr(data, name))
    asset.full_clean(exclude=["audience", "targets"])
    asset.save()
    asset.targets.set(data.targets)
    if asset.visibility == Asset.Visibility.RESTRICTED:
        hidden = (
            []
            if creating
            else list(
                asset.audience.exclude(pk__in=Organisation.objects.visible_to(actor).values("pk"))
            )
        )
        asset.audience.set([*data.audience, *hidden])
    else:
        asset.audience.clear()
    if creating:
        log_action(asset, "directory.asset.created", actor)
    else:
        changed = _changes(before, _asset_snapshot(asset))
        if changed:
            log_action(asset, "directory.asset.changed", actor, changed)
    _profiles_changed()
    return asset


@transaction.atomic
def delete_asset(asset: Asset, actor) -> None:
    """Delete an asset. Side effects: logs `directory.asset.deleted` on its organisation; makes
    the recommendations be computed anew after commit."""
    log_action(asset.organisation, "directory.asset.deleted", actor, {"title": asset.title})
    asset.delete()
    _profiles_changed()


@transaction.atomic
def update_person(
    person: Person,
    actor,
    *,
    name: str,
    title: str,
    expertise: str,
    expertise_terms: list[Term],
    languages: str,
    email: str,
    public: bool,
) -> dict:
    """Change a person's profile; returns the changed fields.

    Side effects: saves the person and their expertise terms; logs `directory.person.changed`
    with the changed fields when something changed.
    """
    values = {
        "name": name,
        "title": title,
        "expertise": expertise,
        "languages": languages,
        "email": email,
        "public": public,
    }
    changes: dict = {
        key: str(value) for key, value in values.items() if getattr(person, key) != value
    }
    for key, value in values.items():
        setattr(person, key, value)
    if changes:
        person.save(update_fields=list(changes))
    new_terms = {term.pk for term in expertise_terms}
    if set(person.expertise_terms.values_list("pk", flat=True)) != new_terms:
        person.expertise_terms.set(expertise_terms)
        changes["expertise_terms"] = sorted(str(term) for term in expertise_terms)
    if changes:
        log_action(person, "directory.person.changed", actor, changes)
    return changes
