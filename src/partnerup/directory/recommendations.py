"""Thin adapter between the models and the match recommender (partnerup.matchmaking).

The engine answers with reason codes and term ids; `partnerup.directory.reasons` renders them
in the reader's language. Results are cached per state of the data (a version bumped by the
domain functions that change it), so they are never stale and never computed per language.
"""

from __future__ import annotations

from django.core.cache import cache

from partnerup.directory.models import Asset, Organisation, Term
from partnerup.directory.reasons import render_all


def labels(language: str) -> dict[str, str]:
    """Term names by id in ``language`` (the reasons name terms by id)."""
    field = "label_nb" if language.startswith("nb") else "label_en"
    return {str(pk): label for pk, label in Term.objects.values_list("pk", field)}


def modality_ids() -> set[str]:
    return {str(pk) for pk in Term.objects.filter(facet="modality").values_list("pk", flat=True)}


def engine_assets(organisation_ids) -> dict[int, list]:
    """Assets per organisation for the engine, with their audience (None: everyone)."""
    from partnerup.matchmaking import Asset as EngineAsset

    result: dict[int, list] = {}
    # Assets for the cluster's signed-in audience reach member organisations only (the
    # recommendations are shown to an organisation, whose people are verified members).
    members = [
        str(pk) for pk in Organisation.objects.filter(is_member=True).values_list("pk", flat=True)
    ]
    for asset in Asset.objects.filter(organisation__in=organisation_ids).prefetch_related(
        "targets", "audience"
    ):
        audience = None
        if asset.visibility == Asset.Visibility.RESTRICTED:
            audience = frozenset(
                [str(asset.organisation_id), *(str(o.pk) for o in asset.audience.all())]
            )
        elif asset.visibility == Asset.Visibility.SIGNED_IN:
            audience = frozenset([str(asset.organisation_id), *members])
        terms = (
            str(asset.modality_id),
            *(str(t.pk) for t in asset.targets.all()),
            *([str(asset.indication_id)] if asset.indication_id else []),
        )
        result.setdefault(asset.organisation_id, []).append(
            EngineAsset(
                id=str(asset.pk),
                terms=terms,
                text=f"{asset.title}. {asset.summary}",
                audience=audience,
            )
        )
    return result


KIND_TO_TYPE = {
    "pharma": "pharma",
    "biotech": "biotech",
    "startup": "startup",
    "academic": "academic",
    "hospital": "clinician",
    "investor": "investor",
    "agency": "agency",
    "school": "student",
    "service": "other",
    "other": "public",
}


def directory_recommendations(organisation: Organisation, language: str, top: int = 6):
    """Organisations the viewer's organisation should meet, with reasons in ``language``."""
    from partnerup.matchmaking import MatchProblem, Options, Participant, recommend

    version = cache.get("directory-recommendations-version", 0)
    key = f"directory-recommendations:{version}:{top}"
    result = cache.get(key)
    if result is None:
        organisations = list(
            Organisation.objects.filter(listed=True)
            .select_related("profile")
            .prefetch_related("profile__offers", "profile__seeks")
        )
        assets = engine_assets([o.pk for o in organisations])
        modalities = modality_ids()
        participants = []
        for org in organisations:
            profile = getattr(org, "profile", None)
            offers = tuple(str(t.pk) for t in profile.offers.all()) if profile else ()
            seeks = tuple(str(t.pk) for t in profile.seeks.all()) if profile else ()
            participants.append(
                Participant(
                    id=str(org.pk),
                    organisation=str(org.pk),
                    type=KIND_TO_TYPE[org.kind],
                    offers=offers,
                    seeks=seeks,
                    modalities=tuple(t for t in offers if t in modalities),
                    raising=org.kind in {"startup", "biotech"}
                    and any(
                        t.slug == "investment" for t in (profile.seeks.all() if profile else [])
                    ),
                    text=" ".join(
                        filter(
                            None,
                            [
                                org.description,
                                getattr(profile, "offers_text", ""),
                                getattr(profile, "seeks_text", ""),
                            ],
                        )
                    ),
                    capacity=10,
                    assets=tuple(assets.get(org.pk, ())),
                )
            )
        problem = MatchProblem(participants=tuple(participants), options=Options(top_k=top))
        result = recommend(problem, top_k=top)
        cache.set(key, result, 600)
    recs = result.recommendations.get(str(organisation.pk), ())
    by_id = Organisation.objects.in_bulk([int(r.participant_id) for r in recs])
    names = labels(language)
    return [
        (by_id[int(r.participant_id)], r.score, render_all(r.reasons, names, language))
        for r in recs
        if int(r.participant_id) in by_id
    ]
