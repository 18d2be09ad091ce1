from django.db.models import Prefetch
from django.urls import reverse
from django.utils.translation import gettext as _

from medborger.hooks import Block, NavItem

from .models import Milestone, PolicyRevision


def landing_blocks(request):
    revisions = list(
        PolicyRevision.objects.prefetch_related(
            Prefetch(
                "milestones",
                queryset=Milestone.objects.filter(is_public=True).order_by("position"),
                to_attr="public_milestones",
            )
        )
    )
    if not revisions:
        return []
    return [
        Block(template="policy/_landing_revisions.html", context={"revisions": revisions}, order=10)
    ]


def dashboard_panels(request):
    if not request.user.has_perm("policy.view_process"):
        return []
    revisions = list(
        PolicyRevision.objects.prefetch_related(
            Prefetch(
                "milestones",
                queryset=Milestone.objects.select_related("responsible_group").order_by("position"),
            )
        )
    )
    return [
        Block(
            template="policy/_dashboard_timeline.html", context={"revisions": revisions}, order=10
        )
    ]


def nav_items(request):
    items = []
    if request.user.has_perm("policy.import_terms"):
        url = reverse("policy:import_upload")
        items.append(
            NavItem(label=_("Import terms of reference"), url=url, order=80, active_prefix=url)
        )
    return items
