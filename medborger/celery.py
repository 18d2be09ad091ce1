import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "medborger.settings")

app = Celery("medborger")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
