"""The consultation's background jobs; its deadline reminders are in `reminders.py`."""

from celery import shared_task

from .models import Hearing
from .services import analysis as analysis_services
from .services import events as event_services
from .services import hearing_privacy, hearing_reports
from .services import points as point_services
from .services.hearings import hearing_milestones_sync_all


@shared_task(name="consultation.event_retention_run", acks_late=True, ignore_result=True)
def event_retention_run() -> int:
    """Daily: anonymise the attendees of every event whose deletion date has come."""
    return event_services.event_retention_run()


@shared_task(name="consultation.signups_expire", acks_late=True, ignore_result=True)
def signups_expire() -> int:
    """Periodic: release sign-ups whose e-mailed link was not confirmed in time."""
    return event_services.signups_expire()


@shared_task(name="consultation.hearing_milestones_sync", acks_late=True, ignore_result=True)
def hearing_milestones_sync() -> int:
    """Periodic: hearings open and close by the clock; their milestones follow (idempotent)."""
    return hearing_milestones_sync_all()


@shared_task(name="consultation.build_hearing_report", acks_late=True, ignore_result=True)
def build_hearing_report(report_id: int) -> bool:
    """Build one hearing report; harmless if it is built, being built, or gone."""
    return hearing_reports.report_build(report_id=report_id)


@shared_task(name="consultation.build_pending_hearing_reports", acks_late=True, ignore_result=True)
def build_pending_hearing_reports() -> int:
    """Periodic: build reports whose nudge never reached a worker."""
    return hearing_reports.report_build_pending()


@shared_task(name="consultation.send_hearing_feedback", acks_late=True, ignore_result=True)
def send_hearing_feedback(hearing_id: int) -> int:
    """Queue the feedback e-mails of one published hearing report (idempotent by key)."""
    hearing = Hearing.objects.select_related("version__document").filter(pk=hearing_id).first()
    if hearing is None:
        return 0
    return point_services.feedback_enqueue(hearing=hearing)


@shared_task(name="consultation.send_pending_hearing_feedback", acks_late=True, ignore_result=True)
def send_pending_hearing_feedback() -> int:
    """Periodic: queue feedback e-mails whose nudge never reached a worker."""
    return point_services.feedback_enqueue_due()


@shared_task(name="consultation.anonymise_hearings", acks_late=True, ignore_result=True)
def anonymise_hearings() -> int:
    """Daily: delete respondents' personal data of hearings whose retention date has come."""
    return hearing_privacy.hearing_anonymise_due()


@shared_task(name="consultation.hearing_analyse", acks_late=True, ignore_result=True)
def hearing_analyse(analysis_id: int) -> bool:
    """Run one hearing's analysis; harmless if it ran, is running, or is gone."""
    return analysis_services.hearing_analysis_run(analysis_id=analysis_id)


@shared_task(name="consultation.hearing_analysis_scan", acks_late=True, ignore_result=True)
def hearing_analysis_scan() -> int:
    """Periodic: analyse anew the hearings whose responses changed since their last run."""
    return analysis_services.hearing_analysis_scan()
