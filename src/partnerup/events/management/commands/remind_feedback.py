from django.core.management.base import BaseCommand

from partnerup.events.domain.feedback import remind_feedback
from partnerup.events.models import Event


class Command(BaseCommand):
    help = "Remind participants of past events to rate their meetings (run daily)."

    def handle(self, *args, **options):
        count = sum(remind_feedback(event) for event in Event.objects.filter(published=True))
        self.stdout.write(f"{count} reminders queued.")
