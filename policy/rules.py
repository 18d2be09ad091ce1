import rules

from medborger.predicates import (
    is_coordinator,
    is_revision_staff,
    is_steering_group,
    is_superuser,
)

from .models.process import memberships_of

rules.add_perm("policy.view_process", is_revision_staff)
rules.add_perm("policy.manage_process", is_superuser | is_coordinator)

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

#: Change a milestone's status and status note (from the dashboard).
rules.add_perm(
    "policy.update_milestone", is_process_manager | (is_revision_staff & is_in_responsible_group)
)
#: Tick a task done, or open it again.
rules.add_perm("policy.complete_task", is_process_manager | (is_revision_staff & owns_task))
#: Record what a deciding body did with a draft, with the minutes.
rules.add_perm("policy.record_decision", is_process_manager)
#: Add stakeholders and record special invitations and answers (the steering group decides them).
rules.add_perm("policy.manage_stakeholders", is_process_manager | is_steering_group)
