from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MedborgerConfig(AppConfig):
    name = "medborger"
    verbose_name = _("Medborger")

    def ready(self):
        from . import checks  # noqa: F401 - registers the system checks
