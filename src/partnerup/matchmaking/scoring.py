"""Pair scores: a vectorised block scorer for the engine and an exact scalar scorer.

Score of an (unordered) pair i, j, each component in [0, 1], weights normalised to sum 1::

    score = w_c * complementarity + w_x * text + w_t * type + w_m * modality + w_s * stage

* complementarity = (cos(offers_i, seeks_j) + cos(offers_j, seeks_i)) / 2, cosine of
  binary term vectors weighted by term IDF (rare terms count more, tag spam counts less);
* text = cosine of TF-IDF vectors (see :mod:`partnerup.matchmaking.text`);
* type = :func:`partnerup.matchmaking.rules.type_affinity`;
* modality = |M_i & M_j| / min(|M_i|, |M_j|) (0 if either is empty);
* stage = 1 same stage, 0.5 neighbouring stage in ``problem.stages``, else 0.

Each side's profile is its public profile (own terms, text and public assets) plus the
confidential assets whose audience contains the *other* side's organisation. The score is
therefore symmetric, and a pair with no visible confidential asset scores exactly as if the
confidential assets did not exist (term and text weights are computed on public data only).
Forbidden pairs (self, same organisation, excluded) score ``FORBIDDEN`` (-1).
"""

from __future__ import annotations

import itertools
import math
from collections import Counter, defaultdict
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from partnerup.matchmaking.model import Asset, MatchProblem, Participant, Reason
from partnerup.matchmaking.products import SplitProduct
from partnerup.matchmaking.rules import type_code, type_matrix, type_reason
from partnerup.matchmaking.text import TfidfModel, cosine, tokenize

FORBIDDEN = -1.0
_TEXT_RANKED = 8  # shared tokens considered for the "both mention" reason


@dataclass(frozen=True)
class Profile:
    """What one side shows to one viewing organisation."""

    offers: frozenset[str]
    text: dict[int, float]
    confidential: tuple[str, ...]  # ids of the confidential assets included


@dataclass(frozen=True)
class Components:
    complementarity: float
    offers_to_seeks: float  # i offers -> j seeks
    seeks_from_offers: float  # j offers -> i seeks
    text: float
    type: float
    modality: float
    stage: float
    score: float


class ScoringContext:
    def __init__(self, problem: MatchProblem) -> None:
        self.problem = problem
        parts = problem.participants
        self.participants: tuple[Participant, ...] = parts
        self.n = n = len(parts)
        self.index = {p.id: k for k, p in enumerate(parts)}
        opts = problem.options
        w = opts.weights
        total = w.total()
        self.w_comp = w.complementarity / total
        self.w_text = w.text / total
        self.w_type = w.type / total
        self.w_mod = w.modality / total
        self.w_stage = w.stage / total

        orgs: dict[str, int] = {}
        self.org_code = np.array(
            [orgs.setdefault(p.organisation, len(orgs)) for p in parts], dtype=np.int64
        )
        self.capacity = np.array([p.capacity for p in parts], dtype=np.int64)

        # Public profiles.
        self.public_offers: list[frozenset[str]] = []
        self.public_texts: list[list[str]] = []
        self.confidential: list[tuple[Asset, ...]] = []
        for p in parts:
            offers = set(p.offers)
            texts = [p.text]
            conf: list[Asset] = []
            for a in p.assets:
                if a.audience is None:
                    offers.update(a.terms)
                    texts.append(a.text)
                else:
                    conf.append(a)
            self.public_offers.append(frozenset(offers))
            self.public_texts.append(texts)
            self.confidential.append(tuple(conf))
        self.seeks = [frozenset(p.seeks) for p in parts]

        # Term weights (IDF over public offers and seeks).
        df: Counter[str] = Counter()
        for k in range(n):
            df.update(self.public_offers[k] | self.seeks[k])
        self._df = df
        self._tw: dict[str, float] = {}
        self._term_keys: dict[str, tuple[float, str, str]] = {}
        self._terms_cache: dict[tuple[frozenset[str], int], tuple[tuple[str, ...], int]] = {}
        vocab: dict[str, int] = {}
        for k in range(n):
            for t in sorted(self.public_offers[k] | self.seeks[k]):
                vocab.setdefault(t, len(vocab))
        self.term_index = vocab
        self.On = self._term_matrix(self.public_offers)
        self.Sn = self._term_matrix(self.seeks)

        # Text.
        self.text_model, self.X = TfidfModel.fit_counts(
            [
                Counter(tok for text in texts for tok in tokenize(text))
                for texts in self.public_texts
            ]
        )
        self._public_profile: dict[int, Profile] = {}
        self._conf_profile: dict[tuple[int, tuple[str, ...]], Profile] = {}

        # Stages: code 0 = none.
        stage_ids = list(dict.fromkeys(problem.stages))
        for p in parts:
            if p.stage is not None and p.stage not in stage_ids:
                stage_ids.append(p.stage)
        scode = {s: k + 1 for k, s in enumerate(stage_ids)}
        self.stage_code = np.array([scode.get(p.stage, 0) if p.stage else 0 for p in parts])
        sm = np.zeros((len(stage_ids) + 1, len(stage_ids) + 1), dtype=np.float32)
        for k in range(1, len(stage_ids) + 1):
            sm[k, k] = 1.0
        order = [scode[s] for s in dict.fromkeys(problem.stages)]
        for a, b in itertools.pairwise(order):
            sm[a, b] = sm[b, a] = 0.5
        self.stage_matrix = sm

        self.type_code = np.array([type_code(p.type, p.raising) for p in parts])
        self.type_matrix = type_matrix()

        # Excluded pairs. A pair naming someone who is not a candidate (a participant rejected
        # or withdrawn after asking) excludes nothing, so it is skipped rather than refused.
        self.excluded: dict[int, set[int]] = defaultdict(set)
        for e in problem.excluded:
            if e.a not in self.index or e.b not in self.index:
                continue
            a, b = self.index[e.a], self.index[e.b]
            self.excluded[a].add(b)
            self.excluded[b].add(a)

        # Pairs where at least one side shows a confidential asset to the other: exact scores.
        self.patches: dict[int, dict[int, float]] = defaultdict(dict)
        members: dict[str, list[int]] = defaultdict(list)
        for k, p in enumerate(parts):
            members[p.organisation].append(k)
        for i in range(n):
            for a in self.confidential[i]:
                assert a.audience is not None
                for org in a.audience:
                    for j in members.get(org, ()):
                        if j != i and j not in self.patches[i]:
                            s = self.pair_score(i, j)
                            self.patches[i][j] = s
                            self.patches[j][i] = s

    # ----- helpers -----------------------------------------------------------------------
    def term_weight(self, term: str) -> float:
        w = self._tw.get(term)
        if w is None:
            w = math.log((1 + self.n) / (1 + self._df.get(term, 0))) + 1.0
            self._tw[term] = w
        return w

    def _term_matrix(self, sets: list[frozenset[str]]) -> sp.csr_matrix:
        indptr, indices, data = [0], [], []
        for s in sets:
            ws = sorted((self.term_index[t], self.term_weight(t)) for t in s)
            norm = math.sqrt(sum(w * w for _, w in ws))
            for k, w in ws:
                indices.append(k)
                data.append(w / norm)
            indptr.append(len(indices))
        return sp.csr_matrix(
            (np.asarray(data, dtype=np.float32), np.asarray(indices, dtype=np.int32), indptr),
            shape=(len(sets), max(1, len(self.term_index))),
        )

    def _term_cos(self, a: frozenset[str], b: frozenset[str]) -> float:
        common = a & b
        if not common:
            return 0.0
        tw = self.term_weight
        wa = math.sqrt(sum(tw(t) ** 2 for t in a))
        wb = math.sqrt(sum(tw(t) ** 2 for t in b))
        return sum(tw(t) ** 2 for t in common) / (wa * wb)

    def forbidden(self, i: int, j: int) -> bool:
        return i == j or self.org_code[i] == self.org_code[j] or j in self.excluded.get(i, ())

    def profile(self, i: int, viewer: int) -> Profile:
        """Participant ``i`` as seen by participant ``viewer``."""
        visible: tuple[Asset, ...] = ()
        if self.confidential[i]:
            org = self.participants[viewer].organisation
            visible = tuple(a for a in self.confidential[i] if a.audience and org in a.audience)
        if not visible:
            prof = self._public_profile.get(i)
            if prof is None:
                lo, hi = self.X.indptr[i], self.X.indptr[i + 1]
                vec = dict(
                    zip(self.X.indices[lo:hi].tolist(), self.X.data[lo:hi].tolist(), strict=True)
                )
                prof = Profile(self.public_offers[i], vec, ())
                self._public_profile[i] = prof
            return prof
        key = (i, tuple(a.id for a in visible))
        cached = self._conf_profile.get(key)
        if cached is not None:
            return cached
        offers = set(self.public_offers[i])
        texts = list(self.public_texts[i])
        for a in visible:
            offers.update(a.terms)
            texts.append(a.text)
        vec = self.text_model.vector(texts)
        prof = Profile(frozenset(offers), vec, key[1])
        self._conf_profile[key] = prof
        return prof

    # ----- exact scalar scorer ------------------------------------------------------------
    def components(self, i: int, j: int) -> Components:
        pi, pj = self.profile(i, j), self.profile(j, i)
        a = self._term_cos(pi.offers, self.seeks[j])
        b = self._term_cos(pj.offers, self.seeks[i])
        comp = 0.5 * (a + b)
        text = cosine(pi.text, pj.text)
        typ = float(self.type_matrix[self.type_code[i], self.type_code[j]])
        mi, mj = set(self.participants[i].modalities), set(self.participants[j].modalities)
        mod = len(mi & mj) / min(len(mi), len(mj)) if mi and mj else 0.0
        stage = float(self.stage_matrix[self.stage_code[i], self.stage_code[j]])
        score = (
            self.w_comp * comp
            + self.w_text * text
            + self.w_type * typ
            + self.w_mod * mod
            + self.w_stage * stage
        )
        return Components(comp, a, b, text, typ, mod, stage, min(1.0, max(0.0, score)))

    def pair_score(self, i: int, j: int) -> float:
        if self.forbidden(i, j):
            return FORBIDDEN
        return self.components(i, j).score

    # ----- vectorised block scorer --------------------------------------------------------
    def prepare(self) -> None:
        """Set up the vectorised scorer (done on first use of :meth:`block`)."""
        if getattr(self, "_prepared", False):
            return
        # One product gives complementarity and text at once:
        # [c*On | c*Sn | x*X] @ [Sn | On | X]^T = c*(On Sn^T + Sn On^T) + x*X X^T.
        c, x = 0.5 * self.w_comp, self.w_text
        left = sp.hstack([c * self.On, c * self.Sn, x * self.X], format="csr")
        right = sp.hstack([self.Sn, self.On, self.X], format="csr")
        left.eliminate_zeros()
        self._product = SplitProduct(left, right)
        # Type, stage and modality only depend on a participant's "categorical group".
        groups: dict[tuple[int, int, frozenset[str]], int] = {}
        self.group = np.array(
            [
                groups.setdefault(
                    (int(self.type_code[k]), int(self.stage_code[k]), frozenset(p.modalities)),
                    len(groups),
                )
                for k, p in enumerate(self.participants)
            ],
            dtype=np.int64,
        )
        keys = list(groups)
        g = len(keys)
        tc = np.array([k[0] for k in keys])
        sc = np.array([k[1] for k in keys])
        mvocab: dict[str, int] = {}
        mrows, mcols = [], []
        for r, key in enumerate(keys):
            for m in key[2]:
                mrows.append(r)
                mcols.append(mvocab.setdefault(m, len(mvocab)))
        mb = np.zeros((g, max(1, len(mvocab))), dtype=np.float64)
        mb[mrows, mcols] = 1.0
        counts = mb @ mb.T
        size = mb.sum(axis=1)
        denom = np.minimum(size[:, None], size[None, :])
        mod = np.divide(counts, denom, out=np.zeros_like(counts), where=denom > 0)
        table = (
            self.w_type * self.type_matrix[tc][:, tc].astype(np.float64)
            + self.w_stage * self.stage_matrix[sc][:, sc].astype(np.float64)
            + self.w_mod * mod
        )
        self._group_table = table.astype(np.float32)
        members: dict[int, list[int]] = defaultdict(list)
        for k, o in enumerate(self.org_code.tolist()):
            members[o].append(k)
        self._same_org = {
            k: np.asarray(members[o], dtype=np.int64)
            for k, o in enumerate(self.org_code.tolist())
            if len(members[o]) > 1
        }
        self._prepared = True

    def block(self, r0: int, r1: int) -> np.ndarray:
        """Scores of rows ``r0:r1`` against every participant (float32, forbidden = -1)."""
        self.prepare()
        score = self._product.rows(r0, r1)
        score += np.take(self._group_table[self.group[r0:r1]], self.group, axis=1)
        np.minimum(score, np.float32(1.0), out=score)
        for i in range(r0, r1):
            score[i - r0, i] = FORBIDDEN
            same = self._same_org.get(i)
            if same is not None:
                score[i - r0, same] = FORBIDDEN
            patch = self.patches.get(i)
            if patch:
                cols = np.fromiter(patch.keys(), dtype=np.int64, count=len(patch))
                vals = np.fromiter(patch.values(), dtype=np.float32, count=len(patch))
                score[i - r0, cols] = vals
            ex = self.excluded.get(i)
            if ex:
                score[i - r0, list(ex)] = FORBIDDEN
        return score

    # ----- reasons ------------------------------------------------------------------------
    def label(self, term: str) -> str:
        return self.problem.labels.get(term, term)

    def _term_key(self, term: str) -> tuple[float, str, str]:
        key = self._term_keys.get(term)
        if key is None:
            key = (-self.term_weight(term), self.label(term), term)
            self._term_keys[term] = key
        return key

    def _shown_terms(self, terms: frozenset[str], limit: int = 3) -> tuple[tuple[str, ...], int]:
        """The ``limit`` rarest terms (ids) and how many more there are."""
        cached = self._terms_cache.get((terms, limit))
        if cached is not None:
            return cached
        ordered = sorted(terms, key=self._term_key)  # rarest term first
        shown = (tuple(ordered[:limit]), max(0, len(ordered) - limit))
        self._terms_cache[(terms, limit)] = shown
        return shown

    def _term_reason(self, code: str, terms: frozenset[str]) -> Reason:
        shown, more = self._shown_terms(terms)
        return Reason(code, terms=shown, more=more)

    def reasons(self, viewer: int, other: int) -> tuple[Reason, ...]:
        """Reasons (codes with parameters) from ``viewer``'s side for recommending ``other``.

        Only uses what ``viewer`` may see of ``other`` (public data and confidential assets
        whose audience contains the viewer's organisation) and ``viewer``'s own data.
        """
        pv, po = self.profile(viewer, other), self.profile(other, viewer)
        single = self._single_word().tolist()
        common = sorted(
            (-pv.text[k] * po.text[k], single[k], k) for k in pv.text.keys() & po.text.keys()
        )
        sim = -sum(v for v, _, _ in common)
        ranked = [k for _, _, k in common[:_TEXT_RANKED]]
        return self._assemble(
            viewer,
            other,
            po.offers & self.seeks[viewer],
            self.seeks[other] & pv.offers,
            ranked,
            sim,
        )

    def reasons_bulk(self, viewers: np.ndarray, others: np.ndarray) -> list[tuple[Reason, ...]]:
        """``[reasons(v, o) for v, o in zip(viewers, others)]``, vectorised where possible."""
        m = len(viewers)
        if m == 0:
            return []
        if not hasattr(self, "_ob"):
            self._ob = (self.On > 0).astype(np.float32).tocsr()
            self._sb = (self.Sn > 0).astype(np.float32).tocsr()
            self._x64 = self.X.astype(np.float64).tocsr()
            self._term_names = list(self.term_index)
        they_offer = self._ob[others].multiply(self._sb[viewers]).tocsr()
        they_seek = self._sb[others].multiply(self._ob[viewers]).tocsr()
        tx = self._x64[viewers].multiply(self._x64[others]).tocsr()
        tx.sort_indices()
        sims = np.asarray(tx.sum(axis=1)).ravel()
        rows = np.repeat(np.arange(m), np.diff(tx.indptr))
        order = np.lexsort((tx.indices, self._single_word()[tx.indices], -tx.data, rows))
        ranked_all = tx.indices[order]
        names = self._term_names
        offer_ind, offer_ptr = they_offer.indices.tolist(), they_offer.indptr.tolist()
        seek_ind, seek_ptr = they_seek.indices.tolist(), they_seek.indptr.tolist()
        tx_ptr = tx.indptr.tolist()
        ranked_list = ranked_all.tolist()
        sims_list = sims.tolist()

        # Everything but the text reason depends on few distinct keys: cache the strings.
        offer_cache: dict[tuple[int, ...], Reason] = {}
        seek_cache: dict[tuple[int, ...], Reason] = {}
        # Type rule, modality and stage reasons depend only on each side's (type code,
        # modality set, stage code): cache them per pair of such "static ids".
        static_ids: dict[tuple[int, frozenset[str], int], int] = {}
        sid = [
            static_ids.setdefault((int(tc), frozenset(p.modalities), int(sc)), len(static_ids))
            for p, tc, sc in zip(
                self.participants, self.type_code.tolist(), self.stage_code.tolist(), strict=True
            )
        ]
        n_static = max(1, len(static_ids))
        pair_cache: dict[int, tuple[Reason | None, tuple[Reason, ...]]] = {}
        token_terms = self.text_model.terms
        token_words = self._token_words()

        out: list[tuple[Reason, ...]] = []
        patches = self.patches
        v_list, o_list = viewers.tolist(), others.tolist()
        for k in range(m):
            v, o = v_list[k], o_list[k]
            if v in patches and o in patches[v]:
                out.append(self.reasons(v, o))
                continue
            items: list[Reason] = []
            lo, hi = offer_ptr[k], offer_ptr[k + 1]
            if lo != hi:
                key = tuple(offer_ind[lo:hi])
                text = offer_cache.get(key)
                if text is None:
                    terms = frozenset(names[t] for t in key)
                    text = offer_cache[key] = self._term_reason("they_offer", terms)
                items.append(text)
            lo, hi = seek_ptr[k], seek_ptr[k + 1]
            if lo != hi:
                key = tuple(seek_ind[lo:hi])
                text = seek_cache.get(key)
                if text is None:
                    terms = frozenset(names[t] for t in key)
                    text = self._term_reason("they_seek", terms)
                    seek_cache[key] = text
                items.append(text)
            skey = sid[v] * n_static + sid[o]
            static = pair_cache.get(skey)
            if static is None:
                full = self._static_reasons(v, o)
                static = (full[0], tuple(x for x in full[1:] if x is not None))
                pair_cache[skey] = static
            lo, hi = tx_ptr[k], tx_ptr[k + 1]
            text_reason = None
            if lo != hi and sims_list[k] >= 0.05:
                text_reason = _mention(
                    ranked_list[lo : min(hi, lo + _TEXT_RANKED)], token_terms, token_words
                )
            if static[0] is not None:
                items.append(static[0])
            if text_reason:
                items.append(text_reason)
            items.extend(static[1])
            if not items:
                items.append(Reason("not_met_yet", type=self.participants[o].type))
            out.append(tuple(items))
        return out

    def _single_word(self) -> np.ndarray:
        """1 for one-word tokens, 0 for bigrams (bigrams win ties in the text reason)."""
        single = getattr(self, "_single_cache", None)
        if single is None:
            single = np.array([" " not in t for t in self.text_model.terms], dtype=np.int8)
            self._single_cache = single
        return single

    def _token_words(self) -> list[frozenset[str] | None]:
        """Words of each token, or None if the token is too common to show in a reason
        (in more than 10 % of the public documents, for events of 50 or more)."""
        words = getattr(self, "_token_words_cache", None)
        if words is None:
            n = self.n
            # idf = ln((1 + n) / (1 + df)) + 1, so df <= 0.1 n  <=>  idf >= this bound
            bound = math.log((1 + n) / (1 + 0.1 * n)) + 1.0 if n >= 50 else -math.inf
            words = [
                frozenset(t.split()) if idf >= bound else None
                for t, idf in zip(self.text_model.terms, self.text_model.idf.tolist(), strict=True)
            ]
            self._token_words_cache = words
        return words

    def _static_reasons(self, viewer: int, other: int) -> tuple[Reason | None, ...]:
        """(type rule or None, then modality and stage reasons) for a pair."""
        me, them = self.participants[viewer], self.participants[other]
        rule = type_reason(me.type, me.raising, them.type, them.raising)
        rest: list[Reason] = []
        shared_mod = frozenset(me.modalities) & frozenset(them.modalities)
        if shared_mod:
            rest.append(self._term_reason("shared_modalities", shared_mod))
        sv, so = int(self.stage_code[viewer]), int(self.stage_code[other])
        if sv and so and self.stage_matrix[sv, so] > 0:
            where = (them.stage or "",)
            rest.append(Reason("same_stage" if sv == so else "neighbouring_stage", terms=where))
        return (rule, *rest)

    def _assemble(
        self,
        viewer: int,
        other: int,
        they_offer: frozenset[str],
        they_seek: frozenset[str],
        ranked_tokens: list[int],
        text_sim: float,
    ) -> tuple[Reason, ...]:
        out: list[Reason] = []
        if they_offer:
            out.append(self._term_reason("they_offer", they_offer))
        if they_seek:
            out.append(self._term_reason("they_seek", they_seek))
        static = self._static_reasons(viewer, other)
        if static[0] is not None:
            out.append(static[0])
        if ranked_tokens and text_sim >= 0.05:
            mention = _mention(ranked_tokens, self.text_model.terms, self._token_words())
            if mention:
                out.append(mention)
        out.extend(s for s in static[1:] if s is not None)
        if not out:
            out.append(Reason("not_met_yet", type=self.participants[other].type))
        return tuple(out)


def _mention(
    ranked: list[int], terms: list[str], token_words: list[frozenset[str] | None]
) -> Reason | None:
    """Words both descriptions mention: the top distinctive tokens, no word repeated.

    ``token_words[k]`` is None for tokens too common to be shown (boilerplate).
    """
    words: list[str] = []
    seen: set[str] = set()
    for k in ranked:
        parts = token_words[k]
        if parts is None or not parts.isdisjoint(seen):
            continue
        words.append(terms[k])
        seen.update(parts)
        if len(words) == 3:
            break
    if not words:
        return None
    return Reason("shared_words", words=tuple(words))
