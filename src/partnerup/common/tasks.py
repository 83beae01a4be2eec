from celery import shared_task


@shared_task(bind=True, max_retries=5, default_retry_delay=60, acks_late=True)
def send_outbox_mail(self, pk: int) -> bool:
    from partnerup.common.mail import deliver

    try:
        return deliver(pk)
    except Exception as exc:
        if self.request.is_eager:
            # Inline (no broker): the failure is recorded on the outbox row; do not break the
            # request that caused it. Organisers see it in the outbox and can resend.
            return False
        raise self.retry(exc=exc) from exc
