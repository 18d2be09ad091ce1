"""What the consultation app holds about a person, for `medborger.personal_data`: sign-ups for
events and hearing responses, each found, exported and erased by e-mail address."""

from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from medborger.personal_data import SourceExport

from .models import SignUp
from .services import events, hearing_privacy


class EventSignUps:
    key = "event_signups"
    label = _("Sign-ups for events")
    order = 20

    def find(self, email: str) -> list[str]:
        signups = SignUp.objects.for_email(email).select_related("event").order_by("created_at")
        return [
            f"{signup.event.title} ({_date(signup.event.starts_at)}): {signup.get_status_display()}"
            for signup in signups
        ]

    def export(self, email: str) -> SourceExport:
        return SourceExport(records=events.signup_data_export(email=email))

    def erase(self, email: str, *, user, now) -> int:
        """Cancels the coming sign-ups (the waiting list moves up), then anonymises them all."""
        return events.signup_data_erase(email=email, user=user, now=now).signup_count


class HearingResponses:
    key = "hearing_responses"
    label = _("Hearing responses")
    order = 30

    def find(self, email: str) -> list[str]:
        return [
            f"{response.reference}: {response.subject} ({response.hearing.title}, "
            f"{_date(response.submitted_at)})"
            for response in hearing_privacy.responses_for_email(email).prefetch_related(None)
        ]

    def export(self, email: str) -> SourceExport:
        records, files = hearing_privacy.response_data_export(email=email)
        return SourceExport(records=records, files=files)

    def erase(self, email: str, *, user, now) -> int:
        """The text stays as part of the case; name, e-mail, address and attachments go."""
        return hearing_privacy.response_data_erase(email=email, user=user, now=now).responses_count


def _date(moment) -> str:
    return formats.date_format(timezone.localtime(moment), "SHORT_DATE_FORMAT")
