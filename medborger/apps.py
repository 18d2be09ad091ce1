from django.apps import AppConfig
from django.core.signals import request_finished
from django.utils import translation
from django.utils.translation import gettext_lazy as _


class MedborgerConfig(AppConfig):
    name = "medborger"
    verbose_name = _("Medborger")

    def ready(self):
        # The system checks register themselves; logs connects the request id to Celery.
        from . import checks, logs  # noqa: F401

        # The locale middleware activates the reader's language for the request's thread; once
        # the response is closed (a streamed one after its last byte) the thread goes back to
        # the default, so nothing run later in that thread (a task run in the web process, the
        # next test) speaks the last visitor's language.
        request_finished.connect(_default_language_after_request, dispatch_uid="medborger-lang")


def _default_language_after_request(**kwargs) -> None:
    translation.deactivate()
