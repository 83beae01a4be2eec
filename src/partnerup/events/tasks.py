from celery import shared_task


@shared_task
def expire_requests() -> int:
    """Let unanswered meeting requests lapse (run every few minutes, e.g. by Celery beat)."""
    from partnerup.events.domain.requests import expire_requests as expire

    return expire()


@shared_task
def remind_feedback() -> int:
    """Remind participants to rate their meetings (run daily after events)."""
    from partnerup.events.domain.feedback import remind_feedback as remind
    from partnerup.events.models import Event

    return sum(remind(event) for event in Event.objects.filter(published=True))


@shared_task(bind=True, acks_late=True)
def run_schedule(self, run_id: int) -> None:
    """Run the scheduler for a ScheduleRun (inline without a broker)."""
    from partnerup.events.domain.schedule import execute_schedule_run

    try:
        execute_schedule_run(run_id)
    except Exception:
        if self.request.is_eager:
            return  # recorded on the run as failed; the organiser's page shows why
        raise
