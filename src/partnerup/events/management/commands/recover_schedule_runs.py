from django.core.management.base import BaseCommand

from partnerup.events.domain.schedule_runs import recover_schedule_runs


class Command(BaseCommand):
    help = (
        "Run again the scheduler runs whose worker or app process died (run every minute). "
        "Without a broker the runs it restarts run in this command's process until they end."
    )

    def handle(self, *args, **options):
        counts = recover_schedule_runs()
        self.stdout.write(
            f"restarted: {counts['requeued']}, queued again: {counts['resent']}, "
            f"given up: {counts['failed']}"
        )
