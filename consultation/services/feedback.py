"""What a respondent said about hearing back: whether they declined the e-mail about the
outcome. (The language of the form is the response's own `language`.) Kept apart so that
storing a response (`hearings`) and publishing the outcome (`points`) both use it without
importing each other."""

from ..models import HearingResponse, ResponseFeedback


def response_feedback_register(
    *, response: HearingResponse, declined: bool = False, new_response: bool = False
) -> ResponseFeedback:
    """Remember whether the respondent declined the e-mail about the outcome (called when a
    response is stored). `new_response`: the response was inserted in this transaction, so it
    has no row yet (one INSERT instead of a locking read and a savepoint)."""
    if new_response:
        return ResponseFeedback.objects.create(response=response, declined=declined)
    feedback, _created = ResponseFeedback.objects.update_or_create(
        response=response, defaults={"declined": declined}
    )
    return feedback
