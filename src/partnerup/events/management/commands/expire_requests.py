from django.core.management.base import BaseCommand

from partnerup.events.domain.requests import expire_requests


class Command(BaseCommand):
    help = "Let unanswered meeting requests past their expiry lapse (run every few minutes)."

    def handle(self, *args, **options):
        self.stdout.write(f"{expire_requests()} requests expired.")
