"""Action plans and initiatives: forum members propose, the secretariat reviews and approves."""

import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from forum.models import ActionPlan, Forum, Initiative, period_errors
from medborger.history import save_with_history

if TYPE_CHECKING:
    from medborger.models import User

#: The fields a proposal is made of; proposers and the secretariat edit them.
INITIATIVE_CONTENT = (
    "title",
    "theme",
    "goal",
    "planned_activities",
    "responsible",
    "indicators",
    "coordination_note",
    "budget",
)
#: Progress the secretariat may set on an approved initiative.
PROGRESS = (Initiative.Status.APPROVED, Initiative.Status.IN_PROGRESS, Initiative.Status.DONE)


def action_plan_save(
    *,
    forum: Forum,
    user: "User",
    title: str,
    starts_on: datetime.date,
    ends_on: datetime.date,
    summary: str = "",
    status: str = ActionPlan.Status.DRAFT,
    adopted_on: datetime.date | None = None,
    plan: ActionPlan | None = None,
) -> ActionPlan:
    """Create or change an action plan: at most two years, inside the mandate period."""
    errors = period_errors(forum=forum, starts_on=starts_on, ends_on=ends_on)
    if errors:
        raise ValidationError(errors)
    plan = plan or ActionPlan(forum=forum)
    created = plan.pk is None
    plan.title, plan.starts_on, plan.ends_on, plan.summary = (
        title.strip(),
        starts_on,
        ends_on,
        summary,
    )
    plan.status, plan.adopted_on = status, adopted_on
    return save_with_history(
        plan, user=user, reason=_("Action plan created") if created else _("Action plan edited")
    )


def _check_budget(value: Decimal | None) -> None:
    if value is None:
        return
    if value < 0:
        raise ValidationError({"budget": _("The amount cannot be negative.")})
    if value != value.quantize(Decimal("0.01")):
        raise ValidationError({"budget": _("The amount can have at most two decimals (øre).")})


def initiative_propose(*, action_plan: ActionPlan, user: "User", **content: Any) -> Initiative:
    """A forum member (or the secretariat) proposes an initiative; it awaits review."""
    unknown = set(content) - set(INITIATIVE_CONTENT)
    if unknown:
        raise TypeError(f"Unknown initiative fields: {sorted(unknown)}")
    _check_budget(content.get("budget"))
    initiative = Initiative(
        action_plan=action_plan,
        status=Initiative.Status.PROPOSED,
        proposed_by=user,
        proposed_at=timezone.now(),
        **{key: value for key, value in content.items() if value is not None},
    )
    return save_with_history(initiative, user=user, reason=_("Initiative proposed"))


def initiative_update(
    *, initiative: Initiative, user: "User", status: str | None = None, **content: Any
) -> Initiative:
    """Edit an initiative's content; the secretariat may also record its progress."""
    unknown = set(content) - set(INITIATIVE_CONTENT)
    if unknown:
        raise TypeError(f"Unknown initiative fields: {sorted(unknown)}")
    _check_budget(content.get("budget"))
    with transaction.atomic():
        initiative = Initiative.objects.select_for_update().get(pk=initiative.pk)
        for key, value in content.items():
            setattr(initiative, key, value)
        reason = _("Initiative edited")
        if status is not None and status != initiative.status:
            if initiative.status not in PROGRESS or status not in PROGRESS:
                raise ValidationError(
                    {"status": _("Only an approved initiative can be marked in progress or done.")}
                )
            initiative.status = status
            reason = _("Status set to %(status)s") % {"status": initiative.get_status_display()}
        return save_with_history(initiative, user=user, reason=reason)


def initiative_review(
    *,
    initiative: Initiative,
    user: "User",
    standing_committee: str,
    assessment: str,
    decision: str = "",
) -> Initiative:
    """The secretariat's review: the standing-committee check with its assessment, and
    optionally the decision ("approve" or "reject").

    An initiative that belongs to a standing committee, or has not been assessed, cannot be
    approved (the model's `clean()` and a database constraint hold the same rule).
    """
    if decision not in ("", "approve", "reject"):
        raise ValueError(decision)
    with transaction.atomic():
        initiative = Initiative.objects.select_for_update().get(pk=initiative.pk)
        now = timezone.now()
        assessment = assessment.strip()
        if (standing_committee, assessment) != (
            initiative.standing_committee,
            initiative.standing_committee_assessment,
        ):
            initiative.standing_committee = standing_committee
            initiative.standing_committee_assessment = assessment
            initiative.assessed_by, initiative.assessed_at = user, now
        reason = _("Standing-committee check assessed")
        if decision == "approve":
            if standing_committee != Initiative.StandingCommittee.CLEAR:
                raise ValidationError(
                    {
                        "standing_committee": _(
                            "An initiative that belongs to a standing committee cannot be "
                            "approved: the forum may not take up such matters."
                        )
                        if standing_committee == Initiative.StandingCommittee.BELONGS
                        else _(
                            "Assess whether the initiative belongs to a standing committee "
                            "before approving it."
                        )
                    }
                )
            if initiative.status not in PROGRESS:
                initiative.status = Initiative.Status.APPROVED
            initiative.decided_by, initiative.decided_at = user, now
            reason = _("Initiative approved")
        elif decision == "reject":
            initiative.status = Initiative.Status.REJECTED
            initiative.decided_by, initiative.decided_at = user, now
            reason = _("Initiative rejected")
        return save_with_history(initiative, user=user, reason=reason)
