from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MedborgerConfig(AppConfig):
    name = "medborger"
    verbose_name = _("Medborger")

    def ready(self):
        # The system checks register themselves; logs connects the request id to Celery.
        from . import checks, logs  # noqa: F401
