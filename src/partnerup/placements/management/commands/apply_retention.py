from django.core.management.base import BaseCommand

from partnerup.placements.domain import apply_retention, retention_due


class Command(BaseCommand):
    help = "Erase pupils' personal data past the programme's retention period (run daily)."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Only count.")

    def handle(self, *args, dry_run: bool = False, **options):
        if dry_run:
            self.stdout.write(f"{len(retention_due())} pupils are past retention.")
            return
        self.stdout.write(f"Erased {apply_retention()} pupils past retention.")
