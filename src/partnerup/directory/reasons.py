"""Render the match engine's reason codes (partnerup.matchmaking.Reason) as sentences in the
reader's language, with term names from the taxonomy in that language."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, override

from partnerup.matchmaking import Reason

# Participant types as the engine names them.
TYPE_NAMES = {
    "startup": gettext_lazy("start-up"),
    "biotech": gettext_lazy("biotech"),
    "pharma": gettext_lazy("pharma team"),
    "academic": gettext_lazy("academic group"),
    "clinician": gettext_lazy("clinician"),
    "investor": gettext_lazy("investor"),
    "agency": gettext_lazy("agency"),
    "public": gettext_lazy("public body"),
    "student": gettext_lazy("student"),
    "other": gettext_lazy("organisation"),
}


def join(items: list[str]) -> str:
    """``a``, ``a and b``, ``a, b and c`` in the active language."""
    if len(items) < 2:
        return "".join(items)
    return _("%(first)s and %(last)s") % {"first": ", ".join(items[:-1]), "last": items[-1]}


def _terms(reason: Reason, labels: dict[str, str]) -> str:
    shown = [labels.get(t, t) for t in reason.terms]
    if reason.more:
        more = ngettext("%(count)s other", "%(count)s others", reason.more)
        shown.append(more % {"count": reason.more})
    return join(shown)


def _kind(reason: Reason) -> str:
    return str(TYPE_NAMES.get(reason.type, reason.type))


def _quoted(words: Iterable[str]) -> str:
    return join([_("“%(word)s”") % {"word": word} for word in words])


def render(reason: Reason, labels: dict[str, str]) -> str:
    """One reason as a sentence in the active language; ``labels`` maps term ids to names."""
    code = reason.code
    if code == "they_offer":
        return _("They offer %(terms)s, which you are looking for.") % {
            "terms": _terms(reason, labels)
        }
    if code == "they_seek":
        return _("They are looking for %(terms)s, which you offer.") % {
            "terms": _terms(reason, labels)
        }
    if code == "shared_modalities":
        return _("You both work on %(terms)s.") % {"terms": _terms(reason, labels)}
    if code == "same_stage":
        return _("Same stage: %(stage)s.") % {"stage": _terms(reason, labels)}
    if code == "neighbouring_stage":
        return _("Neighbouring stage: they are at %(stage)s.") % {"stage": _terms(reason, labels)}
    if code == "shared_words":
        return _("Both your descriptions mention %(words)s.") % {"words": _quoted(reason.words)}
    if code == "investor_for_raising":
        return _("They are raising money (%(kind)s) and you invest.") % {"kind": _kind(reason)}
    if code == "raising_for_investor":
        return _("They invest, and you are raising money.")
    if code == "scouted_kind":
        return capfirst(
            _("%(kind)s: the kind of partner pharma teams scout for.") % {"kind": _kind(reason)}
        )
    if code == "pharma_scouting":
        return _("A pharma team scouting for partners like you.")
    if code == "not_met_yet":
        return capfirst(_("%(kind)s you have not met yet.") % {"kind": _kind(reason)})
    # A code this version does not know yet: say nothing rather than something wrong.
    return ""


def render_all(reasons: Iterable[Reason], labels: dict[str, str], language: str) -> list[str]:
    with override(language):
        return [text for text in (render(r, labels) for r in reasons) if text]
