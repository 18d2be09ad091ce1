from celery import shared_task

from . import outbox


@shared_task(name="medborger.outbox_send", acks_late=True, ignore_result=True)
def outbox_send(email_id: int) -> bool:
    """Deliver one outbox row; harmless if it was already sent or claimed elsewhere."""
    return outbox.email_deliver(email_id=email_id)


@shared_task(name="medborger.outbox_relay", acks_late=True, ignore_result=True)
def outbox_relay() -> int:
    """Periodic: deliver whatever is due, including rows whose nudge never reached a worker."""
    return outbox.outbox_relay()


@shared_task(name="medborger.reminders_scan", acks_late=True, ignore_result=True)
def reminders_scan() -> int:
    """Periodic: put every reminder that has become due into the outbox, each exactly once."""
    from . import reminders

    return reminders.reminders_scan().recorded


@shared_task(name="medborger.reminders_digest", acks_late=True, ignore_result=True)
def reminders_digest() -> int:
    """Daily: one e-mail per user who chose the digest, with the reminders held for them."""
    from . import reminders

    return reminders.reminders_digest()


@shared_task(name="medborger.journal_package_build", acks_late=True, ignore_result=True)
def journal_package_build(package_id: int) -> bool:
    """Build one journal package; harmless if it is built, being built, or gone."""
    from . import journal

    return journal.journal_package_build(package_id=package_id)


@shared_task(name="medborger.public_forms_cleanup", acks_late=True, ignore_result=True)
def public_forms_cleanup() -> int:
    """Hourly: forget old rate-limit counters and expired proof-of-work challenges."""
    from . import public_forms

    return public_forms.public_forms_cleanup()
