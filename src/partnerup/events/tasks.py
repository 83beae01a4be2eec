from celery import shared_task


@shared_task
def expire_requests() -> int:
    """Let unanswered meeting requests lapse (run every few minutes, e.g. by Celery beat)."""
    from partnerup.events.domain import expire_requests as expire

    return expire()
