from django.db.models import Count, Prefetch, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from medborger.hooks import Block, NavItem

from .models import Document, Milestone, PolicyRevision


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
        return document_landing_blocks(request)
    return [
        Block(template="policy/_landing_revisions.html", context={"revisions": revisions}, order=10)
    ] + document_landing_blocks(request)


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
    ] + document_dashboard_panels(request)


# --- Documents (policy drafts) --------------------------------------------------------------


def nav_items(request):
    items = []
    if request.user.has_perm("policy.view_document"):
        url = reverse("policy:document_list")
        items.append(NavItem(label=_("Documents"), url=url, order=20, active_prefix=url))
    if request.user.has_perm("policy.import_terms"):
        url = reverse("policy:import_upload")
        items.append(
            NavItem(label=_("Import terms of reference"), url=url, order=80, active_prefix=url)
        )
    return items


def document_dashboard_panels(request):
    """The documents, their status and newest version, and open review comments."""
    if not request.user.has_perm("policy.view_document"):
        return []
    documents = list(
        Document.objects.with_current_version().annotate(
            open_comments=Count(
                "review_comments", filter=Q(review_comments__resolved_at__isnull=True)
            )
        )
    )
    return [
        Block(
            template="policy/documents/_dashboard_documents.html",
            context={"documents": documents},
            order=15,
        )
    ]


def document_landing_blocks(request):
    """Links to the documents citizens may read: adopted ones and those in hearing."""
    documents = list(Document.objects.public().order_by("title"))
    if not documents:
        return []
    return [
        Block(
            template="policy/documents/_landing_documents.html",
            context={"documents": documents},
            order=12,
        )
    ]
