import os

from celery import Celery
from celery.signals import setup_logging

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "medborger.settings")

app = Celery("medborger")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@setup_logging.connect
def _logging_from_settings(loglevel=None, **kwargs):
    """Workers and beat log like the web processes (medborger.logs), not in Celery's format."""
    from .logs import configure_worker_logging

    configure_worker_logging(loglevel)
