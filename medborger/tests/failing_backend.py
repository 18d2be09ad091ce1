from django.core.mail.backends.base import BaseEmailBackend


class FailingBackend(BaseEmailBackend):
    """A delivery backend whose server refuses every message (for retry tests)."""

    def send_messages(self, email_messages):
        raise ConnectionRefusedError("SMTP server said no")
