from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MedborgerConfig(AppConfig):
    name = "medborger"
    verbose_name = _("Medborger")
