from celery import shared_task


@shared_task
def expire_requests() -> int:
    """Let unanswered meeting requests lapse (run every few minutes, e.g. by Celery beat)."""
    from partnerup.events.domain import expire_requests as expire

    return expire()


@shared_task
def remind_feedback() -> int:
    """Remind participants to rate their meetings (run daily after events)."""
    from partnerup.events.domain import remind_feedback as remind
    from partnerup.events.models import Event

    return sum(remind(event) for event in Event.objects.filter(published=True))
