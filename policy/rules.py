import rules

from medborger.predicates import (
    is_coordinator,
    is_project_group,
    is_revision_staff,
    is_steering_group,
    is_superuser,
)

from .models.process import memberships_of

rules.add_perm("policy.view_process", is_revision_staff)
rules.add_perm("policy.manage_process", is_superuser | is_coordinator)

#: Import terms of reference from a file (creates a document, a revision and possibly a forum).
rules.add_perm("policy.import_terms", is_superuser | is_coordinator)
# --- Documents (versions, comparison, export, review) ----------------------------------------

#: Every version, comparison and export of a document, and its workflow history.
rules.add_perm("policy.view_document", is_revision_staff)
#: Create documents, edit sections (each save is a new version), restore versions.
rules.add_perm("policy.change_document", is_superuser | is_coordinator)
#: Leave an internal review comment on a section of a version.
rules.add_perm(
    "policy.comment_document", is_superuser | is_steering_group | is_project_group | is_coordinator
)
#: Mark review comments as dealt with.
rules.add_perm("policy.resolve_comment", is_superuser | is_coordinator)

# The workflow steps (policy.services.documents.WORKFLOW names which step needs which).
rules.add_perm("policy.submit_document_for_review", is_superuser | is_coordinator)
rules.add_perm("policy.return_document_to_draft", is_superuser | is_coordinator | is_steering_group)
rules.add_perm("policy.approve_document_for_hearing", is_superuser | is_steering_group)
rules.add_perm("policy.send_document_to_hearing", is_superuser | is_coordinator)
rules.add_perm("policy.mark_document_processed", is_superuser | is_coordinator)
rules.add_perm("policy.adopt_document", is_superuser | is_coordinator)
# --- The revision process (timeline, groups, tasks, stakeholders, decisions) -----------------


@rules.predicate
def is_in_responsible_group(user, milestone) -> bool:
    """The user sits in the group responsible for the milestone."""
    if milestone is None or milestone.responsible_group_id is None:
        return False
    return any(m.group_id == milestone.responsible_group_id for m in memberships_of(user))


@rules.predicate
def owns_task(user, task) -> bool:
    """The task's owner is the user (through the group membership linked to the user)."""
    if task is None or task.owner_id is None:
        return False
    return any(m.member_id == task.owner_id for m in memberships_of(user))


is_process_manager = is_superuser | is_coordinator

#: Change a milestone's status and status note (from the dashboard). Depends on the milestone
#: only through its responsible group: `dashboard.build` asks once per group.
rules.add_perm(
    "policy.update_milestone", is_process_manager | (is_revision_staff & is_in_responsible_group)
)
#: Tick a task done, or open it again. Depends on the task only through its owner:
#: `timeline.mark_tasks` asks once per owner (change that if this rule looks at more).
rules.add_perm("policy.complete_task", is_process_manager | (is_revision_staff & owns_task))
#: Record what a deciding body did with a draft, with the minutes.
rules.add_perm("policy.record_decision", is_process_manager)
#: Add stakeholders and record special invitations and answers (the steering group decides them).
rules.add_perm("policy.manage_stakeholders", is_process_manager | is_steering_group)
