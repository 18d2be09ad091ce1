from celery import shared_task

from .services import events as event_services


@shared_task(name="consultation.event_retention_run", acks_late=True, ignore_result=True)
def event_retention_run() -> int:
    """Daily: anonymise the attendees of every event whose deletion date has come."""
    return event_services.event_retention_run()
