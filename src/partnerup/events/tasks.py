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


@shared_task(acks_late=True)
def run_schedule(run_id: int) -> None:
    """Run the scheduler for a ScheduleRun, or take it over when its worker died.

    Failures are recorded on the run (the organiser's page shows why); a second delivery of a
    run in hand does nothing (see events/domain/schedule_runs.py)."""
    from partnerup.events.domain.schedule_runs import execute_schedule_run

    execute_schedule_run(run_id)


@shared_task
def recover_schedule_runs() -> dict[str, int]:
    """Run again scheduler runs whose worker died (every minute, e.g. by Celery beat)."""
    from partnerup.events.domain.schedule_runs import recover_schedule_runs as recover

    return recover()
