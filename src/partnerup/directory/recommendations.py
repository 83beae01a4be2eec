"""Thin adapter between the models and the match recommender (partnerup.matchmaking).

The engine's reasons are English sentences built from the term labels it is given; labels are
passed in the viewer's language and the sentence patterns are translated here.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from django.utils.translation import gettext as _
from django.utils.translation import override

from partnerup.directory.models import Asset, Organisation, Term

TYPE_NAMES = {
    "start-up": lambda: _("start-up"),
    "biotech": lambda: _("biotech"),
    "pharma team": lambda: _("pharma team"),
    "academic group": lambda: _("academic group"),
    "clinician": lambda: _("clinician"),
    "investor": lambda: _("investor"),
    "agency": lambda: _("agency"),
    "public body": lambda: _("public body"),
    "student": lambda: _("student"),
    "organisation": lambda: _("organisation"),
}

PATTERNS: list[tuple[re.Pattern, Callable[[re.Match], str]]] = [
    (
        re.compile(r"^they offer (?P<t>.+), which you seek$"),
        lambda m: _("they offer %(terms)s, which you seek") % {"terms": _terms(m["t"])},
    ),
    (
        re.compile(r"^they seek (?P<t>.+), you offer them$"),
        lambda m: _("they seek %(terms)s, you offer them") % {"terms": _terms(m["t"])},
    ),
    (
        re.compile(r"^you both work on (?P<t>.+)$"),
        lambda m: _("you both work on %(terms)s") % {"terms": _terms(m["t"])},
    ),
    (
        re.compile(r"^same stage: (?P<t>.+)$"),
        lambda m: _("same stage: %(stage)s") % {"stage": m["t"]},
    ),
    (
        re.compile(r"^neighbouring stage: they are at (?P<t>.+)$"),
        lambda m: _("neighbouring stage: they are at %(stage)s") % {"stage": m["t"]},
    ),
    (
        re.compile(r"^your descriptions both mention (?P<t>.+)$"),
        lambda m: _("your descriptions both mention %(words)s") % {"words": m["t"]},
    ),
    (
        re.compile(r"^they are raising money \((?P<k>.+)\) and you invest$"),
        lambda m: _("they are raising money (%(kind)s) and you invest") % {"kind": _type(m["k"])},
    ),
    (
        re.compile(r"^they are an investor and you are raising money$"),
        lambda m: _("they are an investor and you are raising money"),
    ),
    (
        re.compile(r"^(?P<k>.+): the kind of partner pharma scouts look for$"),
        lambda m: (
            _("%(kind)s: the kind of partner pharma scouts look for") % {"kind": _type(m["k"])}
        ),
    ),
    (
        re.compile(r"^pharma team scouting (?P<k>.+)s like you$"),
        lambda m: _("a pharma team scouting partners like you"),
    ),
    (
        re.compile(r"^(?P<k>.+) you have not met yet$"),
        lambda m: _("%(kind)s you have not met yet") % {"kind": _type(m["k"])},
    ),
]


def _type(english: str) -> str:
    return str(TYPE_NAMES.get(english, lambda: english)())


def _terms(text: str) -> str:
    text = re.sub(r"(\d+) more$", lambda m: _("%(count)s more") % {"count": m[1]}, text)
    head, sep, tail = text.rpartition(" and ")
    return f"{head}{_(' and ')}{tail}" if sep else text


def translate_reason(reason: str, language: str) -> str:
    with override(language):
        for pattern, render in PATTERNS:
            match = pattern.match(reason)
            if match:
                return render(match)
    return reason


def labels(language: str) -> dict[str, str]:
    field = "label_nb" if language.startswith("nb") else "label_en"
    return {str(pk): label for pk, label in Term.objects.values_list("pk", field)}


def modality_ids() -> set[str]:
    return {str(pk) for pk in Term.objects.filter(facet="modality").values_list("pk", flat=True)}


def engine_assets(organisation_ids) -> dict[int, list]:
    """Assets per organisation for the engine, with their audience (None: everyone)."""
    from partnerup.matchmaking import Asset as EngineAsset

    result: dict[int, list] = {}
    for asset in Asset.objects.filter(organisation__in=organisation_ids).prefetch_related(
        "targets", "audience"
    ):
        audience = None
        if asset.visibility == Asset.Visibility.RESTRICTED:
            audience = frozenset(
                [str(asset.organisation_id), *(str(o.pk) for o in asset.audience.all())]
            )
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
    """Organisations the viewer's organisation should meet, with translated reasons."""
    from django.core.cache import cache

    from partnerup.matchmaking import MatchProblem, Options, Participant, recommend

    version = cache.get("directory-recommendations-version", 0)
    key = f"directory-recommendations:{version}:{language}"
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
        problem = MatchProblem(
            participants=tuple(participants), labels=labels(language), options=Options(top_k=top)
        )
        result = recommend(problem, top_k=top)
        cache.set(key, result, 600)
    by_id = Organisation.objects.in_bulk(
        [int(r.participant_id) for r in result.recommendations.get(str(organisation.pk), ())]
    )
    return [
        (
            by_id[int(r.participant_id)],
            r.score,
            [translate_reason(reason, language) for reason in r.reasons],
        )
        for r in result.recommendations.get(str(organisation.pk), ())
        if int(r.participant_id) in by_id
    ]
