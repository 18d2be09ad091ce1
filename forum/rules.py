"""Who may do what in the forum. The secretariat manages everything; forum members read the
internal pages and propose initiatives; everybody else sees the public forum pages."""

import rules

from medborger.predicates import is_forum_member, is_secretariat, is_superuser

can_manage = is_superuser | is_secretariat
can_read_internal = can_manage | is_forum_member


@rules.predicate
def is_own_open_proposal(user, initiative) -> bool:
    """The user proposed the initiative and the secretariat has not decided on it yet."""
    return (
        initiative is not None
        and initiative.proposed_by_id == user.pk
        and initiative.status == initiative.Status.PROPOSED
    )


rules.add_perm("forum.view_internal", can_read_internal)
rules.add_perm("forum.manage", can_manage)
rules.add_perm("forum.view_budget", can_read_internal)
rules.add_perm("forum.record_expense", can_manage)
rules.add_perm("forum.view_receipt", can_manage)
rules.add_perm("forum.view_contact_details", can_manage)
rules.add_perm("forum.propose_initiative", can_read_internal)
rules.add_perm("forum.change_initiative", can_manage | (is_forum_member & is_own_open_proposal))
rules.add_perm("forum.review_initiative", can_manage)
