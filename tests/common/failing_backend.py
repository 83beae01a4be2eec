from django.core.mail.backends.base import BaseEmailBackend


class Backend(BaseEmailBackend):
    """An e-mail backend whose server is down, for tests of the outbox."""

    def send_messages(self, email_messages):
        raise ConnectionError("SMTP is down")
