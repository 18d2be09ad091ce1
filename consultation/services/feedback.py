"""What a respondent said about hearing back: the language of the form and whether they
declined the e-mail about the outcome. Kept apart so that storing a response (`hearings`)
and publishing the outcome (`points`) both use it without importing each other."""

from django.utils import translation

from ..models import HearingResponse, ResponseFeedback


def response_feedback_register(
    *, response: HearingResponse, declined: bool = False, language: str | None = None
) -> ResponseFeedback:
    """Remember the language of the form and whether the respondent declined the e-mail about
    the outcome (called when a response is stored)."""
    feedback, _created = ResponseFeedback.objects.update_or_create(
        response=response,
        defaults={
            "language": (language or translation.get_language() or "da")[:8],
            "declined": declined,
        },
    )
    return feedback
