from __future__ import annotations

import random

from django.core.management.base import BaseCommand
from django.db import transaction

from partnerup.directory.models import Organisation

SEED = 2026
MARKER_SLUG = "aurora-pharma-norway"


class Command(BaseCommand):
    help = "Load the demo cluster (deterministic) and print the demo log-ins."

    def add_arguments(self, parser):
        parser.add_argument(
            "--reset", action="store_true", help="Delete all data first and load the demo again."
        )
        parser.add_argument(
            "--code",
            action="store_true",
            help="Print the current TOTP code of the demo organiser and exit.",
        )

    def handle(self, *args, reset: bool = False, code: bool = False, **options):
        from partnerup.demo.directory import DEMO_TOTP_SECRET

        if code:
            from allauth.mfa.totp.internal.auth import (
                format_hotp_value,
                hotp_value,
                yield_hotp_counters_from_time,
            )

            counter = next(iter(yield_hotp_counters_from_time()))
            self.stdout.write(format_hotp_value(hotp_value(DEMO_TOTP_SECRET, counter)))
            return
        if reset:
            from django.core.management import call_command

            call_command("flush", interactive=False, verbosity=0)
            call_command("migrate", verbosity=0)
            # flush empties the tables that data migrations filled: seed the taxonomy again.
            from partnerup.directory.models import Term
            from partnerup.directory.taxonomy_seed import seed_taxonomy

            seed_taxonomy(Term)
        if Organisation.objects.filter(slug=MARKER_SLUG).exists():
            self.stdout.write("The demo cluster is loaded already (use --reset to reload).")
        else:
            self.load()
        self.print_logins()

    def load(self) -> None:
        from partnerup.common.mail import demo_outbox

        # The demo's e-mails stay in the outbox as "not sent (demo)": they show what PartnerUp
        # sends, and none is delivered (the console backend would print a thousand of them).
        with demo_outbox(), transaction.atomic():
            self._load()

    def _load(self) -> None:
        from partnerup.accounts.models import User
        from partnerup.demo.accounts import build_accounts, build_anchor_assets
        from partnerup.demo.directory import build_directory
        from partnerup.demo.events import build_event
        from partnerup.demo.placements import build_programme

        rng = random.Random(SEED)
        directory = build_directory(rng)
        build_anchor_assets()
        build_accounts()
        organiser = User.objects.get(email="organiser@example.org")
        build_programme(rng, organiser)
        event = build_event(rng, organiser)
        self.stdout.write(
            f"Loaded {len(directory.organisations)} organisations, {len(directory.people)} "
            f"people, {len(directory.assets) + 2} assets, 15 years of the school programme and "
            f"the partnering event '{event.name}' with {event.participants.count()} participants "
            f"and {event.requests.count()} meeting requests."
        )

    def print_logins(self) -> None:
        from partnerup.demo.directory import (
            DEMO_ACCOUNTS,
            DEMO_PASSWORD,
            DEMO_ROLE_LINES,
            DEMO_TOTP_SECRET,
        )

        names = dict(Organisation.objects.values_list("slug", "name"))
        self.stdout.write("")
        self.stdout.write(f"Demo log-ins (password for all: {DEMO_PASSWORD}):")
        width = max(len(email) for email, *_ in DEMO_ACCOUNTS)
        order = list(DEMO_ROLE_LINES)
        for email, _name, role, slug in sorted(DEMO_ACCOUNTS, key=lambda a: order.index(a[2])):
            who = DEMO_ROLE_LINES[role].format(org=names.get(slug, slug))
            self.stdout.write(f"  {email:<{width}}  {who}")
        self.stdout.write(
            "The organiser also needs a code from an authenticator app: add the TOTP secret "
            f"{DEMO_TOTP_SECRET} to one, or run `partnerup demo --code` for the current code."
        )
