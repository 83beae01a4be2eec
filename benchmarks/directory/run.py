"""Directory search with 5,000 organisations: time per request and queries per request.

    .venv/bin/python benchmarks/directory/run.py [--organisations 5000] [--repeat 15]

Builds a throw-away SQLite database (or uses PARTNERUP_DATABASE_URL if set), fills it with
organisations, profiles and assets, and requests the list pages the way a browser does.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--organisations", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    os.environ.setdefault("PARTNERUP_DATA_DIR", tempfile.mkdtemp(prefix="pu-bench-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "partnerup.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from partnerup.accounts.models import User
    from partnerup.directory.models import (
        Asset,
        Membership,
        Organisation,
        PartneringProfile,
        Person,
        Term,
    )

    call_command("migrate", verbosity=0)
    rng = random.Random(1)
    terms = list(Term.objects.all())
    modalities = [t for t in terms if t.facet == "modality"]
    stages = [t for t in terms if t.facet == "stage"]
    kinds = [k for k, _label in Organisation.Kind.choices]
    start = time.perf_counter()
    organisations = Organisation.objects.bulk_create(
        Organisation(
            name=f"Organisation {i:05d}",
            slug=f"org-{i}",
            kind=rng.choice(kinds),
            description=f"Works on {rng.choice(terms).label_en} and more.",
            city=rng.choice(["Oslo", "Bergen", "Trondheim"]),
        )
        for i in range(args.organisations)
    )
    profiles = PartneringProfile.objects.bulk_create(
        PartneringProfile(organisation=o, offers_text="We offer things.") for o in organisations
    )
    through = PartneringProfile.offers.through
    through.objects.bulk_create(
        through(partneringprofile_id=p.pk, term_id=t.pk)
        for p in profiles
        for t in rng.sample(terms, 4)
    )
    seeks = PartneringProfile.seeks.through
    seeks.objects.bulk_create(
        seeks(partneringprofile_id=p.pk, term_id=t.pk)
        for p in profiles
        for t in rng.sample(terms, 3)
    )
    Asset.objects.bulk_create(
        Asset(
            organisation=o,
            title=f"Asset of {o.name}",
            modality=rng.choice(modalities),
            stage=rng.choice(stages),
            summary="Summary",
            visibility=rng.choice(["public", "signed_in", "restricted"]),
        )
        for o in organisations
        for _ in range(2)
    )
    user = User.objects.create_user("bench@example.org", "a-Long-bench-password")
    person = Person.objects.create(user=user, name="Bench")
    Membership.objects.create(person=person, organisation=organisations[0])
    built = time.perf_counter() - start

    client = Client()
    client.force_login(user)
    radio = Term.objects.get(slug="radiopharmaceutical")
    psma = Term.objects.get(slug="psma")
    cases = [
        ("organisations, first page", "/directory/organisations/"),
        ("organisations, page 100", "/directory/organisations/?page=100"),
        ("organisations, free text", "/directory/organisations/?q=radio"),
        (
            "organisations, two facets",
            f"/directory/organisations/?terms={radio.pk}&terms={psma.pk}",
        ),
        ("organisations, kind + text", "/directory/organisations/?kind=startup&q=oslo"),
        ("assets, visible to member, text", "/directory/assets/?q=Organisation%200"),
        ("organisations, CSV export (all)", "/directory/organisations/export.csv"),
    ]
    rows = []
    for name, url in cases:
        timings = []
        for _ in range(args.repeat):
            with CaptureQueriesContext(connection) as queries:
                begin = time.perf_counter()
                response = client.get(url)
                timings.append((time.perf_counter() - begin) * 1000)
            assert response.status_code == 200, (url, response.status_code)
        rows.append((name, statistics.median(timings), max(timings), len(queries)))

    print(
        f"Directory benchmark — {args.organisations} organisations, "
        f"{2 * args.organisations} assets, {connection.vendor}; data built in {built:.1f} s"
    )
    print(
        f"Machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC"
    )
    print()
    print("| request | median ms | max ms | queries |")
    print("|---|---|---|---|")
    for name, median, worst, count in rows:
        print(f"| {name} | {median:.0f} | {worst:.0f} | {count} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
