import rules

from medborger.predicates import (
    is_coordinator,
    is_project_group,
    is_revision_staff,
    is_superuser,
)


@rules.predicate
def is_event_organiser(user, event) -> bool:
    """The user is one of the event's organisers (one query, or none without an event)."""
    if event is None or not user.is_authenticated:
        return False
    return event.organisers.filter(pk=user.pk).exists()


rules.add_perm("consultation.view_internal", is_revision_staff)
rules.add_perm("consultation.manage", is_superuser | is_coordinator)

# Events: the coordinator and the project group organise; named organisers run their own event.
rules.add_perm("consultation.add_event", is_superuser | is_coordinator)
rules.add_perm("consultation.change_event", is_superuser | is_coordinator | is_event_organiser)
#: The attendee list with the waiting list and needs, its exports, check-in and input notes.
rules.add_perm(
    "consultation.manage_signups",
    is_superuser | is_coordinator | is_project_group | is_event_organiser,
)
#: Process hearing responses: status, spam, themes, comments, review before publication.
rules.add_perm("consultation.moderate_response", is_superuser | is_coordinator)
#: Export all responses with the respondents' contact details (CSV, XLSX).
rules.add_perm("consultation.export_responses", is_superuser | is_coordinator)
