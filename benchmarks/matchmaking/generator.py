"""Deterministic synthetic partnering events with known complementary pairs.

Every participant gets *latent* offers and seeks (topic terms: indications, targets,
modalities; service terms: funding, licensing, trial sites, ...). Ground truth:

    topical(i, j) = |Loff_i & Lseek_j & TOPIC| + |Loff_j & Lseek_i & TOPIC|
    service(i, j) = |Loff_i & Lseek_j & SERVICE| + |Loff_j & Lseek_i & SERVICE|
    relevant(i, j)  iff  topical >= 2 and service >= 1, other organisation, not excluded
    gain(i, j) = topical + service    (graded relevance for NDCG)

What the engine sees is noisy: each latent term is tagged with probability 0.6, a wrong
term of the same kind is added with probability 0.3, modalities are listed with
probability 0.7, and the free text mentions latent terms through random synonyms
(probability 0.8 each) plus generic filler and distractor sentences. Topic popularity is
Zipf-like so a few participants (HER2 ADCs in breast cancer, ...) are in high demand.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from partnerup.matchmaking import Asset, ExcludedPair, MatchProblem, Options, Participant

INDICATIONS = {
    "ind:breast": ["breast cancer", "breast carcinoma", "mammary tumours"],
    "ind:nsclc": ["non-small cell lung cancer", "NSCLC", "lung adenocarcinoma"],
    "ind:crc": ["colorectal cancer", "CRC", "colon cancer"],
    "ind:pancreatic": ["pancreatic cancer", "PDAC", "pancreatic ductal adenocarcinoma"],
    "ind:prostate": ["prostate cancer", "mCRPC", "prostate carcinoma"],
    "ind:ovarian": ["ovarian cancer", "ovarian carcinoma", "high-grade serous ovarian cancer"],
    "ind:melanoma": ["melanoma", "cutaneous melanoma", "metastatic melanoma"],
    "ind:gbm": ["glioblastoma", "GBM", "brain tumours"],
    "ind:aml": ["acute myeloid leukaemia", "AML", "myeloid leukaemia"],
    "ind:lymphoma": ["lymphoma", "DLBCL", "B-cell lymphoma"],
    "ind:myeloma": ["multiple myeloma", "myeloma", "plasma cell neoplasms"],
    "ind:hcc": ["hepatocellular carcinoma", "liver cancer", "HCC"],
}
TARGETS = {
    "tgt:egfr": ["EGFR", "EGFR mutations", "epidermal growth factor receptor"],
    "tgt:kras": ["KRAS G12C", "mutant KRAS", "KRAS-driven tumours"],
    "tgt:her2": ["HER2", "ERBB2", "HER2-positive disease"],
    "tgt:brca": ["BRCA1/2", "BRCA mutations", "homologous recombination deficiency"],
    "tgt:msi": ["MSI-H", "microsatellite instability", "mismatch repair deficiency"],
    "tgt:pdl1": ["PD-L1", "PD-1/PD-L1 axis", "immune checkpoints"],
    "tgt:ntrk": ["NTRK fusions", "TRK fusions", "NTRK gene fusions"],
    "tgt:psma": ["PSMA", "prostate-specific membrane antigen", "PSMA-positive lesions"],
    "tgt:cd19": ["CD19", "CD19-positive B cells", "anti-CD19"],
    "tgt:bcma": ["BCMA", "B-cell maturation antigen", "anti-BCMA"],
    "tgt:trop2": ["TROP2", "TACSTD2", "TROP-2"],
    "tgt:cldn": ["Claudin 18.2", "CLDN18.2", "claudin"],
}
MODALITIES = {
    "mod:adc": ["antibody-drug conjugates", "ADCs", "ADC payloads"],
    "mod:radio": ["radiopharmaceuticals", "radioligand therapy", "targeted alpha therapy"],
    "mod:cgt": ["cell and gene therapy", "CAR-T cells", "gene therapy vectors"],
    "mod:small": ["small molecules", "small-molecule inhibitors", "oral inhibitors"],
    "mod:bispecific": ["bispecific antibodies", "bispecifics", "T-cell engagers"],
    "mod:vaccine": ["cancer vaccines", "mRNA vaccines", "neoantigen vaccines"],
    "mod:dx": ["diagnostics", "companion diagnostics", "liquid biopsy"],
    "mod:digital": ["digital health", "AI-driven pathology", "machine learning on imaging"],
    "mod:degrader": ["protein degraders", "PROTACs", "molecular glues"],
}
SERVICES = {
    "svc:funding": ["funding", "investment", "a seed or Series A round"],
    "svc:licensing": ["licensing", "in-licensing deals", "an out-licensing deal"],
    "svc:codev": ["co-development", "a strategic alliance", "joint development"],
    "svc:trials": ["clinical trial sites", "patient recruitment", "investigator-led trials"],
    "svc:cro": ["CRO services", "contract research", "in vivo pharmacology"],
    "svc:cmc": ["manufacturing", "CMC", "GMP production"],
    "svc:biobank": ["patient samples", "a biobank", "real-world data"],
    "svc:grants": ["grants", "non-dilutive funding", "public funding"],
    "svc:regulatory": ["regulatory advice", "scientific advice", "regulatory strategy"],
    "svc:talent": ["internships", "talent", "graduate hires"],
}
STAGES = [
    "stage:discovery",
    "stage:preclinical",
    "stage:phase1",
    "stage:phase2",
    "stage:phase3",
    "stage:market",
]
STAGE_LABELS = {
    "stage:discovery": "discovery",
    "stage:preclinical": "preclinical",
    "stage:phase1": "Phase I",
    "stage:phase2": "Phase II",
    "stage:phase3": "Phase III",
    "stage:market": "marketed",
}
TOPIC = {**INDICATIONS, **TARGETS, **MODALITIES}
ALL_TERMS = {**TOPIC, **SERVICES}
FILLER = [
    "Our team combines decades of drug development experience.",
    "We are based in the Rhine-Neckar life-science cluster.",
    "Founded by serial entrepreneurs with strong scientific advisors.",
    "We value open collaboration and fast decisions.",
    "Happy to meet at the networking reception as well.",
    "Spin-off with a strong publication record.",
    "We have an experienced board and a lean operating model.",
    "We are growing our footprint in Europe and the US.",
]
TYPE_SHARE = {
    "startup": 0.25,
    "biotech": 0.14,
    "academic": 0.15,
    "pharma": 0.10,
    "investor": 0.08,
    "clinician": 0.10,
    "other": 0.07,
    "agency": 0.04,
    "public": 0.03,
    "student": 0.04,
}


@dataclass
class Event:
    problem: MatchProblem
    latent_offers: list[frozenset[str]]
    latent_seeks: list[frozenset[str]]

    def relevance(self, i: int) -> dict[int, int]:
        """Graded relevance of every relevant j for participant i (gain > 0 only)."""
        return _relevance(self, i)

    def relevance_matrix(self) -> np.ndarray:
        """Gain matrix (n x n, int), 0 = not relevant; same rule as :meth:`relevance`."""
        parts = self.problem.participants
        n = len(parts)
        terms = {t: k for k, t in enumerate(ALL_TERMS)}
        topic = np.array([t in TOPIC for t in ALL_TERMS])
        lo = np.zeros((n, len(terms)), dtype=np.int32)
        ls = np.zeros((n, len(terms)), dtype=np.int32)
        for i in range(n):
            lo[i, [terms[t] for t in self.latent_offers[i]]] = 1
            ls[i, [terms[t] for t in self.latent_seeks[i]]] = 1
        top = lo[:, topic] @ ls[:, topic].T
        top = top + top.T
        svc = lo[:, ~topic] @ ls[:, ~topic].T
        svc = svc + svc.T
        org = np.array([hash(p.organisation) for p in parts])
        gain = np.where((top >= 2) & (svc >= 1), top + svc, 0)
        gain[org[:, None] == org[None, :]] = 0
        return gain


def _zipf(keys: list[str], s: float = 1.0) -> np.ndarray:
    w = 1.0 / np.arange(1, len(keys) + 1) ** s
    return w / w.sum()


def generate(n: int, seed: int = 7, top_k: int = 10) -> Event:
    rng = np.random.default_rng(seed)
    ind_keys, tgt_keys, mod_keys = list(INDICATIONS), list(TARGETS), list(MODALITIES)
    p_ind, p_tgt, p_mod = _zipf(ind_keys), _zipf(tgt_keys), _zipf(mod_keys)
    types = list(TYPE_SHARE)
    p_type = np.array([TYPE_SHARE[t] for t in types])
    p_type /= p_type.sum()

    def pick(keys: list[str], p: np.ndarray, k: int) -> list[str]:
        return list(rng.choice(keys, size=k, replace=False, p=p)) if k else []

    def syn(term: str) -> str:
        options = ALL_TERMS[term]
        return options[int(rng.integers(len(options)))]

    participants: list[Participant] = []
    latent_o: list[frozenset[str]] = []
    latent_s: list[frozenset[str]] = []
    org_counter = 0
    pharma_orgs: list[str] = []
    k = 0
    while k < n:
        ptype = types[int(rng.choice(len(types), p=p_type))]
        team = int(rng.integers(2, 5)) if ptype == "pharma" else 1
        org = f"org{org_counter}"
        org_counter += 1
        if ptype == "pharma":
            pharma_orgs.append(org)
        for _ in range(team):
            if k >= n:
                break
            participants_item, lo, ls = _one(
                k,
                ptype,
                org,
                rng,
                pick,
                syn,
                (ind_keys, p_ind),
                (tgt_keys, p_tgt),
                (mod_keys, p_mod),
            )
            participants.append(participants_item)
            latent_o.append(lo)
            latent_s.append(ls)
            k += 1

    # Confidential assets: 10 % of start-ups/biotechs show an extra programme to 1-2 pharma orgs.
    final: list[Participant] = []
    for p, lo in zip(participants, latent_o, strict=True):
        if p.type in ("startup", "biotech") and pharma_orgs and rng.random() < 0.10:
            topics = sorted(t for t in lo if t in TOPIC)
            audience = frozenset(
                rng.choice(
                    pharma_orgs, size=min(len(pharma_orgs), int(rng.integers(1, 3))), replace=False
                ).tolist()
            )
            asset = Asset(
                id=f"{p.id}-a1",
                terms=tuple(topics[:2]),
                text="Confidential programme: " + "; ".join(syn(t) for t in topics),
                audience=audience,
            )
            p = Participant(**{**p.__dict__, "assets": (asset,)})
        final.append(p)

    # Excluded pairs: 1 in 200 participants already met someone random from another org.
    excluded: list[ExcludedPair] = []
    for i in range(0, n, 200):
        j = (i * 7919 + 13) % n
        if final[i].organisation != final[j].organisation:
            excluded.append(ExcludedPair(final[i].id, final[j].id, "met"))

    labels = {t: v[0] for t, v in ALL_TERMS.items()}
    labels.update(STAGE_LABELS)
    problem = MatchProblem(
        participants=tuple(final),
        excluded=tuple(excluded),
        labels=labels,
        stages=tuple(STAGES),
        options=Options(top_k=top_k),
    )
    return Event(problem, latent_o, latent_s)


def _one(k, ptype, org, rng, pick, syn, inds, tgts, mods):
    (ind_keys, p_ind), (tgt_keys, p_tgt), (mod_keys, p_mod) = inds, tgts, mods
    offers: set[str] = set()
    seeks: set[str] = set()
    raising = False
    stage = None

    def maybe(term: str, p: float, into: set[str]) -> None:
        if rng.random() < p:
            into.add(term)

    if ptype in ("startup", "biotech", "academic"):
        focus = pick(mod_keys, p_mod, 1) + pick(ind_keys, p_ind, 1)
        focus += pick(tgt_keys, p_tgt, int(rng.integers(0, 2)))
        offers.update(focus)
        if ptype != "academic":
            raising = bool(rng.random() < (0.7 if ptype == "startup" else 0.4))
            if raising:
                seeks.add("svc:funding")
            maybe("svc:licensing", 0.5, seeks)
            maybe("svc:codev", 0.4, seeks)
            maybe("svc:trials", 0.3, seeks)
            maybe("svc:cro", 0.2, seeks)
            maybe("svc:cmc", 0.2, seeks)
            stage = STAGES[int(rng.integers(0, 3 if ptype == "startup" else 5))]
        else:
            maybe("svc:biobank", 0.3, offers)
            maybe("svc:licensing", 0.5, seeks)
            maybe("svc:codev", 0.5, seeks)
            maybe("svc:grants", 0.5, seeks)
            stage = STAGES[int(rng.integers(0, 2))]
        if not seeks:
            seeks.add("svc:codev")
    elif ptype == "pharma":
        seeks.update(pick(mod_keys, p_mod, int(rng.integers(1, 3))))
        seeks.update(pick(ind_keys, p_ind, int(rng.integers(1, 4))))
        seeks.update(pick(tgt_keys, p_tgt, int(rng.integers(0, 3))))
        offers.update(["svc:licensing", "svc:codev"])
        maybe("svc:funding", 0.3, offers)
        maybe("svc:trials", 0.2, offers)
    elif ptype == "investor":
        seeks.update(pick(mod_keys, p_mod, int(rng.integers(1, 3))))
        seeks.update(pick(ind_keys, p_ind, int(rng.integers(1, 3))))
        offers.add("svc:funding")
        stage = STAGES[int(rng.integers(0, 4))]
    elif ptype == "clinician":
        seeks.update(pick(ind_keys, p_ind, int(rng.integers(1, 3))))
        seeks.update(pick(mod_keys, p_mod, 1))
        seeks.update(pick(tgt_keys, p_tgt, int(rng.integers(0, 2))))
        offers.add("svc:trials")
        maybe("svc:biobank", 0.6, offers)
    elif ptype == "other":  # CRO / CDMO
        m = pick(mod_keys, p_mod, int(rng.integers(1, 3)))
        seeks.update(m)
        seeks.update(pick(ind_keys, p_ind, 1))
        offers.update(["svc:cro"] if rng.random() < 0.6 else ["svc:cmc"])
        maybe("svc:regulatory", 0.3, offers)
    elif ptype in ("agency", "public"):
        seeks.update(pick(ind_keys, p_ind, int(rng.integers(1, 3))))
        seeks.update(pick(mod_keys, p_mod, 1))
        offers.add("svc:grants")
        maybe("svc:regulatory", 0.6, offers)
    else:  # student
        offers.add("svc:talent")
        seeks.update(pick(mod_keys, p_mod, 1))
        seeks.update(pick(ind_keys, p_ind, 1))

    latent_offers, latent_seeks = frozenset(offers), frozenset(seeks)

    def tags(latent: frozenset[str]) -> tuple[str, ...]:
        out = [t for t in sorted(latent) if rng.random() < 0.6]
        if rng.random() < 0.3:
            pool = list(ALL_TERMS)
            out.append(pool[int(rng.integers(len(pool)))])
        return tuple(dict.fromkeys(out))

    modalities = tuple(
        t for t in sorted((latent_offers | latent_seeks) & set(MODALITIES)) if rng.random() < 0.7
    )
    text = _text(ptype, latent_offers, latent_seeks, rng, syn)
    capacity = int(rng.integers(4, 13)) if ptype != "student" else int(rng.integers(2, 6))
    return (
        Participant(
            id=f"p{k}",
            organisation=org,
            type=ptype,
            offers=tags(latent_offers),
            seeks=tags(latent_seeks),
            stage=stage,
            modalities=modalities,
            raising=raising,
            text=text,
            capacity=capacity,
        ),
        latent_offers,
        latent_seeks,
    )


def _text(ptype, offers, seeks, rng, syn) -> str:
    def mention(terms: frozenset[str]) -> list[str]:
        return [syn(t) for t in sorted(terms) if rng.random() < 0.8]

    parts: list[str] = []
    o, s = mention(offers), mention(seeks)
    if o:
        verb = {
            "startup": "We develop",
            "biotech": "Our pipeline covers",
            "academic": "Our lab researches",
            "pharma": "We bring",
            "investor": "We provide",
            "clinician": "Our centre offers",
        }.get(ptype, "We offer")
        parts.append(f"{verb} {', '.join(o)}.")
    if s:
        parts.append(f"Looking for {', '.join(s)}.")
    fill = rng.choice(len(FILLER), size=int(rng.integers(1, 3)), replace=False)
    parts.extend(FILLER[int(x)] for x in fill)
    if rng.random() < 0.3:
        distract = list(TOPIC)[int(rng.integers(len(TOPIC)))]
        parts.append(f"Previously worked on {syn(distract)}.")
    order = rng.permutation(len(parts))
    return " ".join(parts[int(x)] for x in order)


def _relevance(event: Event, i: int) -> dict[int, int]:
    lo, ls = event.latent_offers, event.latent_seeks
    parts = event.problem.participants
    out: dict[int, int] = {}
    oi, si = lo[i], ls[i]
    for j in range(len(parts)):
        if j == i or parts[j].organisation == parts[i].organisation:
            continue
        a = oi & ls[j]
        b = lo[j] & si
        topical = sum(1 for t in a if t in TOPIC) + sum(1 for t in b if t in TOPIC)
        if topical < 2:
            continue
        service = len(a) + len(b) - topical
        if service >= 1:
            out[j] = topical + service
    return out
