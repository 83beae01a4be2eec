"""The demo cluster's directory: organisations of every kind, people, profiles and assets."""

from __future__ import annotations

import random
from dataclasses import dataclass

from django.utils.text import slugify

from partnerup.demo.names import CITIES, FIRST_NAMES, LAST_NAMES, PREFIXES, SUFFIXES, TITLES
from partnerup.directory.models import (
    Asset,
    Membership,
    Organisation,
    PartneringProfile,
    Person,
    Term,
)

Kind = Organisation.Kind

# The anchors every demo needs, by name; the rest is generated around them.
ANCHORS = [
    (
        "Aurora Pharma Norway",
        Kind.PHARMA,
        2007,
        2,
        "The Norwegian affiliate of a global pharmaceutical company. Its oncology team scouts the "
        "cluster for innovations to license, co-develop or fund, and hosts the annual partnering "
        "days.",
    ),
    (
        "Fjordlab Instruments",
        Kind.SERVICE,
        2010,
        0,
        "Life-science tools: single-cell sequencing, spatial biology and lab automation for "
        "translational cancer research.",
    ),
    (
        "Nordic University Hospital – Institute for Cancer Research",
        Kind.HOSPITAL,
        2006,
        2,
        "The university hospital's cancer research institute: translational research, biobanks, "
        "and a phase 1 unit running early clinical trials.",
    ),
    (
        "Oslo Cyclotron Centre",
        Kind.ACADEMIC,
        2012,
        0,
        "Produces radionuclides for PET imaging and radiopharmaceutical research, and offers "
        "radiochemistry services to companies and researchers.",
    ),
    (
        "Fjellvang Upper Secondary School",
        Kind.SCHOOL,
        2011,
        1,
        "The cluster's partner school. Pupils aged 16–18 do work placements at member companies "
        "and hospitals.",
    ),
    (
        "Oslo Science Park",
        Kind.OTHER,
        2006,
        1,
        "Innovation park housing start-ups, investors and the cluster's office; venue of the "
        "partnering days.",
    ),
    (
        "Norwegian Innovation Agency",
        Kind.AGENCY,
        2008,
        0,
        "Public funding and advice for innovative companies and research-based start-ups.",
    ),
    (
        "Nordlys Life Science Ventures",
        Kind.INVESTOR,
        2014,
        0,
        "Early-stage venture fund investing in Nordic oncology therapeutics and diagnostics.",
    ),
    (
        "University of Oslo – Centre for Molecular Medicine",
        Kind.ACADEMIC,
        2009,
        1,
        "Academic research in tumour biology, immunology and computational oncology.",
    ),
    (
        "Isbre Oncology",
        Kind.STARTUP,
        2019,
        0,
        "Develops a first-in-class radioligand targeting PSMA-low prostate cancer.",
    ),
]

COUNTS = {
    Kind.STARTUP: 58,
    Kind.BIOTECH: 26,
    Kind.INVESTOR: 12,
    Kind.SERVICE: 16,
    Kind.ACADEMIC: 10,
    Kind.HOSPITAL: 5,
    Kind.AGENCY: 6,
    Kind.PHARMA: 6,
    Kind.OTHER: 4,
    Kind.SCHOOL: 1,
}
PHARMA_NAMES = [
    "Meridian Oncology Nordics",
    "Helix Pharma Scandinavia",
    "Corvus Medicines",
    "Alba Therapeutics Nordic",
    "Sirius Pharma AB",
    "Kestrel Biopharma",
]
ACADEMIC_NAMES = [
    "Norwegian University of Life Sciences",
    "University of Bergen – Cancer Biology",
    "NTNU – Department of Clinical Medicine",
    "Norwegian Institute of Public Health",
    "University of Tromsø – Immunology",
    "Oslo Metropolitan University",
    "Radium Research Centre",
    "Centre for Digital Life",
    "Nordic Biobank Network",
]
HOSPITAL_NAMES = [
    "Bergen University Hospital",
    "St. Olav's Hospital",
    "Akershus Hospital",
    "Tromsø University Hospital",
]
AGENCY_NAMES = [
    "Research Council of Norway",
    "Oslo Municipality – Business Development",
    "Norwegian Medical Products Agency",
    "Nordic Innovation Office",
    "County Council of Viken",
]

DEMO_PASSWORD = "partnerup-demo"  # noqa: S105 - published on purpose: demo log-ins only.
# A fixed base32 TOTP secret, printed with the demo log-ins so the demo organiser can sign in.
DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # noqa: S105 - published for the demo.

DEMO_ACCOUNTS = [
    # email, name, role, organisation slug
    ("organiser@example.org", "Olivia Organiser", "organiser", None),
    ("orgadmin@example.org", "Andreas Admin", "admin", "aurora-pharma-norway"),
    ("member@example.org", "Maria Member", "member", "isbre-oncology"),
    (
        "coordinator@example.org",
        "Kristin Coordinator",
        "coordinator",
        "fjellvang-upper-secondary-school",
    ),
    ("teacher@example.org", "Thomas Teacher", "teacher", "fjellvang-upper-secondary-school"),
    (
        "mentor@example.org",
        "Mona Mentor",
        "mentor",
        "nordic-university-hospital-institute-for-cancer-research",
    ),
    ("pupil@example.org", "Petter Pupil", "pupil", None),
    (
        "researcher@example.org",
        "Rebekka Researcher",
        "researcher",
        "university-of-oslo-centre-for-molecular-medicine",
    ),
]
# Who each log-in is, as the demo prints it ("{org}" is the log-in's organisation).
DEMO_ROLE_LINES = {
    "organiser": "organiser — cluster staff",
    "admin": "pharma scout at {org}",
    "member": "start-up founder at {org}",
    "researcher": "academic researcher at {org}",
    "coordinator": "school coordinator at {org}",
    "teacher": "teacher at {org}",
    "mentor": "mentor at {org}",
    "pupil": "pupil in the school programme",
}
# Title, expertise and the modalities they know, for the log-ins that have a directory profile.
DEMO_PROFILES = {
    "orgadmin@example.org": ("Head of oncology search and evaluation", "", ()),
    "member@example.org": ("Co-founder and CEO", "", ()),
    "researcher@example.org": (
        "Associate professor, tumour immunology",
        "T-cell exhaustion in the prostate tumour microenvironment; PSMA-targeted "
        "radioligands combined with checkpoint inhibitors; spatial profiling of patient biopsies "
        "from the hospital's phase 1 unit.",
        ("radiopharmaceutical", "antibody"),
    ),
}


@dataclass
class DirectoryDemo:
    organisations: list[Organisation]
    people: list[Person]
    assets: list[Asset]


class TermPicker:
    def __init__(self, rng: random.Random):
        self.rng = rng
        self.by_facet: dict[str, list[Term]] = {}
        for term in Term.objects.filter(active=True).order_by("facet", "position"):
            self.by_facet.setdefault(term.facet, []).append(term)

    def pick(self, facet: str, low: int, high: int) -> list[Term]:
        terms = self.by_facet.get(facet, [])
        return self.rng.sample(terms, min(len(terms), self.rng.randint(low, high)))

    def one(self, facet: str, slug: str | None = None) -> Term:
        terms = self.by_facet[facet]
        if slug:
            return next(term for term in terms if term.slug == slug)
        return self.rng.choice(terms)

    def interest(self, *slugs: str) -> list[Term]:
        return [self.one("interest", slug) for slug in slugs]


def _generated_names(rng: random.Random) -> dict[str, list[str]]:
    used: set[str] = {name for name, *_ in ANCHORS}
    names: dict[str, list[str]] = {}

    def unique(make) -> str:
        for _attempt in range(1000):
            name = make()
            if name not in used:
                used.add(name)
                return name
        raise RuntimeError("The demo name lists are too short.")

    names[Kind.STARTUP] = [
        unique(lambda: rng.choice(PREFIXES) + rng.choice(SUFFIXES["startup"]) + " AS")
        for _ in range(COUNTS[Kind.STARTUP])
    ]
    for kind, key in (
        (Kind.BIOTECH, "biotech"),
        (Kind.INVESTOR, "investor"),
        (Kind.SERVICE, "service"),
        (Kind.OTHER, "other"),
    ):
        names[kind] = [
            unique(lambda key=key: f"{rng.choice(PREFIXES)} {rng.choice(SUFFIXES[key])}")
            for _ in range(COUNTS[kind])
        ]
    names[Kind.PHARMA] = PHARMA_NAMES[: COUNTS[Kind.PHARMA]]
    names[Kind.ACADEMIC] = ACADEMIC_NAMES[: COUNTS[Kind.ACADEMIC]]
    names[Kind.HOSPITAL] = HOSPITAL_NAMES[: COUNTS[Kind.HOSPITAL]]
    names[Kind.AGENCY] = AGENCY_NAMES[: COUNTS[Kind.AGENCY]]
    names[Kind.SCHOOL] = ["Lindeberg Upper Secondary School"][: COUNTS[Kind.SCHOOL]]
    return names


def _describe(kind: str, terms: TermPicker, rng: random.Random) -> tuple[str, list[Term], str]:
    """A description, offered terms and a text of what is offered, plausible for the kind."""
    modality = terms.one("modality")
    cancer = terms.one("cancer_type")
    target = terms.one("target")
    stage = terms.one("stage")
    if kind in {Kind.STARTUP, Kind.BIOTECH}:
        text = (
            f"We develop {modality.label_en.lower()} against {target.label_en} in "
            f"{cancer.label_en.lower()}, now at the {stage.label_en.lower()} stage."
        )
        return text, [modality, cancer, target, stage], text
    if kind == Kind.INVESTOR:
        return (
            "We invest in seed to series B oncology companies in the Nordics.",
            terms.interest("investment"),
            "Seed and series A/B financing, board work.",
        )
    if kind in {Kind.ACADEMIC, Kind.HOSPITAL}:
        text = (
            f"Research groups in {cancer.label_en.lower()} and {target.label_en} biology; "
            "patient cohorts, biobanks and clinical-trial capacity."
        )
        return (
            text,
            [cancer, target, *terms.interest("research-collaboration", "clinical-trial-site")],
            text,
        )
    if kind == Kind.SERVICE:
        return (
            "Services for oncology developers: assays, regulatory and clinical operations.",
            [terms.one("modality", "research-tools"), *terms.interest("services")],
            "Contract research, biomarker assays, regulatory advice.",
        )
    if kind == Kind.PHARMA:
        return (
            "Global pharmaceutical company with an oncology portfolio in the Nordics.",
            [*terms.interest("licensing", "co-development", "investment"), modality],
            "Licensing, co-development and access to clinical development expertise.",
        )
    return ("Part of the cluster's innovation community.", terms.interest("services"), "")


def _seeks(kind: str, terms: TermPicker) -> tuple[list[Term], str]:
    if kind == Kind.PHARMA:
        return (
            terms.pick("modality", 3, 5)
            + terms.pick("target", 3, 6)
            + terms.pick("cancer_type", 2, 4),
            "Innovations in precision oncology: new targets, modalities and biomarkers.",
        )
    if kind in {Kind.STARTUP, Kind.BIOTECH}:
        return (
            terms.interest("investment", "licensing", "clinical-trial-site")[
                : 2 + (kind == Kind.BIOTECH)
            ],
            "Funding, a partner for clinical development and trial sites.",
        )
    if kind == Kind.INVESTOR:
        return (
            terms.pick("modality", 2, 4) + terms.pick("stage", 1, 3),
            "Companies raising seed to series B with strong data.",
        )
    if kind in {Kind.ACADEMIC, Kind.HOSPITAL}:
        return (
            terms.interest("co-development", "licensing") + terms.pick("modality", 1, 2),
            "Industry partners to take discoveries to patients.",
        )
    if kind == Kind.SCHOOL:
        return (terms.interest("recruitment"), "Work placements and lab visits for pupils.")
    return (terms.pick("modality", 1, 3), "")


def build_directory(rng: random.Random) -> DirectoryDemo:
    terms = TermPicker(rng)
    organisations: list[Organisation] = []
    entries = [
        (name, kind, since, seats, description) for name, kind, since, seats, description in ANCHORS
    ]
    for kind, names in _generated_names(rng).items():
        for name in names:
            entries.append((name, kind, rng.randint(2006, 2025), 0, None))

    for name, kind, since, seats, description in entries:
        generated, offers, offers_text = _describe(kind, terms, rng)
        organisation = Organisation.objects.create(
            name=name,
            slug=slugify(name)[:80],
            kind=kind,
            is_member=kind != Kind.OTHER or rng.random() < 0.5,
            member_since=since,
            board_seats=seats,
            website=f"https://{slugify(name).replace('-', '')[:30]}.example.org",
            description=description or generated,
            city=rng.choice(CITIES),
        )
        seeks, seeks_text = _seeks(kind, terms)
        profile = PartneringProfile.objects.create(
            organisation=organisation, offers_text=offers_text, seeks_text=seeks_text
        )
        profile.offers.set(offers)
        profile.seeks.set(seeks)
        organisations.append(organisation)

    people = _people(organisations, terms, rng)
    assets = _assets(organisations, terms, rng)
    return DirectoryDemo(organisations, people, assets)


def _people(organisations, terms: TermPicker, rng: random.Random) -> list[Person]:
    people: list[Person] = []
    for organisation in organisations:
        for index in range(rng.randint(2, 4)):
            name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
            person = Person.objects.create(
                name=name,
                title=rng.choice(TITLES.get(organisation.kind, TITLES["other"])),
                expertise=f"{rng.choice(terms.by_facet['modality']).label_en}; "
                f"{rng.choice(terms.by_facet['cancer_type']).label_en}",
                languages=rng.choice(["Norwegian, English", "English", "English, Swedish"]),
                email=f"{slugify(name)}.{organisation.pk}@example.org",
                public=rng.random() < 0.85,
            )
            person.expertise_terms.set(terms.pick("modality", 1, 2))
            Membership.objects.create(
                person=person,
                organisation=organisation,
                role=Membership.Role.ADMIN if index == 0 else Membership.Role.MEMBER,
                is_mentor=organisation.kind in {Kind.PHARMA, Kind.HOSPITAL, Kind.BIOTECH}
                and rng.random() < 0.3,
            )
            people.append(person)
    return people


ASSET_TEMPLATES = [
    "{target}-directed {modality} for {cancer}",
    "{modality} programme in {cancer}",
    "Companion diagnostic for {target}",
    "Next-generation {modality} ({target})",
]


def _assets(organisations, terms: TermPicker, rng: random.Random) -> list[Asset]:
    owners = [
        o
        for o in organisations
        if o.kind in {Kind.STARTUP, Kind.BIOTECH, Kind.PHARMA, Kind.ACADEMIC, Kind.HOSPITAL}
    ]
    partners = [o for o in organisations if o.kind in {Kind.PHARMA, Kind.INVESTOR}]
    assets: list[Asset] = []
    for owner in owners:
        for _ in range(rng.randint(0, 3)):
            modality = terms.one("modality")
            target = terms.one("target")
            cancer = terms.one("cancer_type")
            roll = rng.random()
            visibility = (
                Asset.Visibility.PUBLIC
                if roll < 0.6
                else Asset.Visibility.SIGNED_IN
                if roll < 0.85
                else Asset.Visibility.RESTRICTED
            )
            title = rng.choice(ASSET_TEMPLATES).format(
                target=target.label_en,
                modality=modality.label_en.lower(),
                cancer=cancer.label_en.lower(),
            )
            asset = Asset.objects.create(
                organisation=owner,
                title=title[0].upper() + title[1:],
                modality=modality,
                indication=cancer,
                stage=terms.one("stage"),
                summary=(
                    f"{owner.name} is developing this {modality.label_en.lower()} for "
                    f"patients with {target.label_en}-positive {cancer.label_en.lower()}."
                ),
                visibility=visibility,
            )
            asset.targets.set([target])
            if visibility == Asset.Visibility.RESTRICTED:
                asset.audience.set(rng.sample([p for p in partners if p != owner], 2))
            assets.append(asset)
    return assets
