from celery import shared_task


@shared_task
def apply_retention() -> int:
    """Erase pupils past their programme's retention period (run daily, e.g. by Celery beat)."""
    from partnerup.placements.domain import apply_retention as apply

    return apply()
