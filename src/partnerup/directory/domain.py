"""State changes of the directory: every write goes through one of these functions."""

from __future__ import annotations

from django.db import transaction
from django.utils.text import slugify

from partnerup.common.activity import changed_fields, log_action
from partnerup.directory.models import Asset, Organisation, PartneringProfile, Person, Term


def unique_slug(name: str, exclude_pk: int | None = None) -> str:
    base = slugify(name)[:70] or "organisation"
    slug, counter = base, 2
    while Organisation.objects.filter(slug=slug).exclude(pk=exclude_pk).exists():
        slug = f"{base}-{counter}"
        counter += 1
    return slug


@transaction.atomic
def save_organisation(form, profile_form, actor) -> Organisation:
    """Save an organisation and its partnering profile from their forms.

    Side effects: creates the profile if missing; logs `directory.organisation.created` or
    `.changed` and `directory.profile.changed` with the changed fields.
    """
    creating = form.instance.pk is None
    organisation = form.save(commit=False)
    if not organisation.slug:
        organisation.slug = unique_slug(organisation.name)
    organisation.save()
    form.save_m2m()
    if creating:
        log_action(organisation, "directory.organisation.created", actor)
    elif form.has_changed():
        log_action(organisation, "directory.organisation.changed", actor, changed_fields(form))
    if profile_form is not None:
        profile = profile_form.save(commit=False)
        profile.organisation = organisation
        profile.save()
        profile_form.save_m2m()
        if profile_form.has_changed():
            log_action(
                organisation, "directory.profile.changed", actor, changed_fields(profile_form)
            )
    else:
        PartneringProfile.objects.get_or_create(organisation=organisation)
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


@transaction.atomic
def save_asset(form, organisation: Organisation, actor) -> Asset:
    """Create or change an asset of `organisation`.

    Side effects: logs `directory.asset.created` or `.changed` on the asset; an asset that is not
    restricted keeps no audience, so widening visibility never leaves stale grants behind.
    """
    creating = form.instance.pk is None
    asset = form.save(commit=False)
    asset.organisation = organisation
    asset.save()
    form.save_m2m()
    if asset.visibility != Asset.Visibility.RESTRICTED:
        asset.audience.clear()
    if creating:
        log_action(asset, "directory.asset.created", actor)
    elif form.has_changed():
        log_action(asset, "directory.asset.changed", actor, changed_fields(form))
    _profiles_changed()
    return asset


@transaction.atomic
def delete_asset(asset: Asset, actor) -> None:
    """Delete an asset. Side effects: logs `directory.asset.deleted` on its organisation."""
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
        field: str(value) for field, value in values.items() if getattr(person, field) != value
    }
    for field, value in values.items():
        setattr(person, field, value)
    if changes:
        person.save(update_fields=list(changes))
    new_terms = {term.pk for term in expertise_terms}
    if set(person.expertise_terms.values_list("pk", flat=True)) != new_terms:
        person.expertise_terms.set(expertise_terms)
        changes["expertise_terms"] = sorted(str(term) for term in expertise_terms)
    if changes:
        log_action(person, "directory.person.changed", actor, changes)
    return changes
