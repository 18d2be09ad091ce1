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
