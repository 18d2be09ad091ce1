"""The forum's own facts: name, mandate period, decision, terms of reference, secretariat."""

from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from forum.models import Forum
from medborger.history import save_with_history
from policy.importer import ImportedForum
from policy.models import Document
from policy.services.imports import unique_slug

if TYPE_CHECKING:
    from medborger.models import User

#: The facts the secretariat may change (the address, `slug`, stays as it is).
FORUM_FACTS = (
    "name",
    "mandate_start_year",
    "mandate_end_year",
    "council_decision_on",
    "council_case_number",
    "terms_of_reference",
    "terms_adopted_on",
    "secretariat_unit",
    "secretariat_contact_name",
    "secretariat_contact_email",
    "secretariat_contact_phone",
    "purpose",
)


def forum_update(*, forum: Forum, user: "User", **facts: Any) -> Forum:
    """Change the forum's facts; a mandate period may not shrink past its budget years or
    action plans."""
    unknown = set(facts) - set(FORUM_FACTS)
    if unknown:
        raise TypeError(f"Unknown forum fields: {sorted(unknown)}")
    with transaction.atomic():
        forum = Forum.objects.select_for_update().get(pk=forum.pk)
        for name, value in facts.items():
            setattr(forum, name, value)
        start, end = forum.mandate_start_year, forum.mandate_end_year
        outside_years = forum.budget_years.filter(Q(year__lt=start) | Q(year__gt=end))
        outside_plans = forum.action_plans.filter(
            Q(starts_on__year__lt=start) | Q(ends_on__year__gt=end)
        )
        if outside_years.exists() or outside_plans.exists():
            raise ValidationError(
                {
                    "mandate_end_year": _(
                        "Budget years or action plans lie outside this mandate period. Change "
                        "them first."
                    )
                }
            )
        return save_with_history(forum, user=user, reason=_("Forum edited"))


def forum_import(
    *, facts: ImportedForum, title: str, document: Document, user: "User", reason: str
) -> Forum:
    """The forum that imported terms of reference describe (`facts`, an `ImportedForum`), with
    the terms as its document; called by policy's importer through the forum's hooks."""
    if not facts.mandate_start_year or not facts.mandate_end_year:
        raise ValidationError(_("Give the forum's mandate period (first and last year)."))
    forum = Forum(
        name=facts.name[:200] or title[:200],
        slug=unique_slug(Forum, facts.name or title, "medborgerforum"),
        mandate_start_year=facts.mandate_start_year,
        mandate_end_year=facts.mandate_end_year,
        council_decision_on=facts.council_decision_on,
        council_case_number=facts.council_case_number[:50],
        terms_of_reference=document,
        terms_adopted_on=facts.terms_adopted_on,
        secretariat_unit=facts.secretariat_unit[:200],
        purpose=facts.purpose,
    )
    return save_with_history(forum, user=user, reason=reason)
