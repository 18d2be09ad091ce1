from django.core.mail.backends.base import BaseEmailBackend


class FailingBackend(BaseEmailBackend):
    """A delivery backend whose server refuses every message (for retry tests)."""

    def send_messages(self, email_messages):
        raise ConnectionRefusedError("SMTP server said no")


class ConnectionDroppingBackend(BaseEmailBackend):
    """Delivers, then has PostgreSQL end this process's database connection, as a database
    restart does between sending an e-mail and recording that it was sent."""

    sent: list = []

    def send_messages(self, email_messages):
        from django.db import DatabaseError, connection

        type(self).sent.extend(email_messages)
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_terminate_backend(pg_backend_pid())")
        except DatabaseError:
            pass
        return len(email_messages)
