"""The revision process: the public process page, the staff's revision page, and the forms that
change milestones, decisions, groups, members, tasks and stakeholders. Thin: the rules live in
the models and in `policy.services.process`."""

from functools import partial

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from medborger import stamps
from medborger.form_pages import add_service_errors, form_page
from medborger.http import safe_next_url
from medborger.permissions import permission_required
from medborger.uploads import file_download
from policy import linked_reports, process_rows
from policy.forms.process import (
    AttachmentForm,
    DecisionForm,
    GroupForm,
    MemberForm,
    MilestoneForm,
    MilestoneStatusForm,
    RevisionForm,
    StakeholderForm,
    TaskForm,
)
from policy.models import (
    Decision,
    DecisionAttachment,
    Document,
    DocumentVersion,
    Group,
    GroupMember,
    Milestone,
    PolicyRevision,
    Stakeholder,
    Task,
)
from policy.services import process as services
from policy.timeline import build_timeline, mark_milestones, mark_tasks, milestone_states

#: Document statuses whose current text citizens can read (the documents' public page).
PUBLIC_DOCUMENT_STATUSES = {Document.Status.IN_HEARING, Document.Status.ADOPTED}


# --- Helpers --------------------------------------------------------------------------------


def _revision(request, slug):
    return get_object_or_404(PolicyRevision, slug=slug)


def _milestone(request, pk):
    return get_object_or_404(
        Milestone.objects.select_related("revision", "responsible_group"), pk=pk
    )


def _group(request, pk):
    return get_object_or_404(Group.objects.select_related("revision"), pk=pk)


def _member(request, pk):
    return get_object_or_404(GroupMember.objects.select_related("group__revision"), pk=pk)


def _task(request, pk):
    return get_object_or_404(
        Task.objects.select_related("group__revision", "owner", "milestone"), pk=pk
    )


def _stakeholder(request, pk):
    return get_object_or_404(Stakeholder.objects.select_related("revision"), pk=pk)


def _manage_url(revision: PolicyRevision, anchor: str = "") -> str:
    url = reverse("policy:revision_manage", kwargs={"slug": revision.slug})
    return f"{url}#{anchor}" if anchor else url


def _optional_url(name: str, **kwargs) -> str:
    """A link to a page another part of the app provides, or "" where it does not exist."""
    try:
        return reverse(name, kwargs=kwargs)
    except NoReverseMatch:
        return ""


#: The process's pages with one form (templates/policy/process/form.html: `title`, optional
#: `intro`, `cancel_url`).
_form_page = partial(form_page, template="policy/process/form.html")


# --- Public pages ---------------------------------------------------------------------------


def _hearing_of(document: Document):
    """The hearing a document in hearing is in (through the reverse relation the consultation
    app's Hearing declares on the version), or None."""
    if document.status != Document.Status.IN_HEARING or document.hearing_version_id is None:
        return None
    return (
        DocumentVersion.objects.get(pk=document.hearing_version_id)
        .hearings.order_by("-opens_at")
        .first()
    )


def revision_list(request):
    """Every revision, for citizens; staff also get a link to each revision's internals. The
    list is cached per language, day and whether the reader is staff (under
    `REVISION_PAGE_STAMP`): finding each revision's next public milestone loads all of them."""
    today = timezone.localdate()
    can_view_process = request.user.has_perm("policy.view_process")
    body = stamps.cached(
        process_rows.REVISION_PAGE_STAMP,
        f"list:{get_language()}:{today.isoformat()}:{int(can_view_process)}",
        lambda: _revision_list_body(today=today, can_view_process=can_view_process),
    )
    return render(
        request,
        "policy/process/revision_list.html",
        {"body": body, "can_manage": request.user.has_perm("policy.manage_process")},
    )


def _revision_list_body(*, today, can_view_process: bool) -> str:
    revisions = list(PolicyRevision.objects.with_public_milestones())
    for revision in revisions:
        states = milestone_states(revision.public_milestones, today)
        revision.next_public = next(
            (m for m in revision.public_milestones if states[m.pk] == "next"), None
        )
    return render_to_string(
        "policy/process/_revision_list_body.html",
        {"revisions": revisions, "can_view_process": can_view_process},
    )


def revision_public(request, slug):
    """What citizens see: the public milestones, what happened, what comes next, documents.
    The milestones' part is cached per revision, language and day under
    `REVISION_PAGE_STAMP`; the documents (and their hearings, another app's) are read per
    request."""
    revision = get_object_or_404(
        PolicyRevision.objects.select_related("policy_document", "terms_of_reference"), slug=slug
    )
    today = timezone.localdate()
    body = stamps.cached(
        process_rows.REVISION_PAGE_STAMP,
        f"public:{revision.pk}:{get_language()}:{today.isoformat()}",
        lambda: _revision_public_body(revision, today=today),
    )
    documents = [
        {
            "document": document,
            "url": _optional_url("policy:document_public", slug=document.slug),
            "hearing": _hearing_of(document),
        }
        for document in (revision.terms_of_reference, revision.policy_document)
        if document is not None and document.status in PUBLIC_DOCUMENT_STATUSES
    ]
    return render(
        request,
        "policy/process/revision_public.html",
        {
            "revision": revision,
            "body": body,
            "documents": documents,
            "can_view_process": request.user.has_perm("policy.view_process"),
        },
    )


def _revision_public_body(revision, *, today) -> str:
    milestones = list(
        revision.milestones.public()
        .in_order()
        .prefetch_related(
            Prefetch("decisions", queryset=Decision.objects.select_related("version__document"))
        )
    )
    mark_milestones(milestones, today)
    linked_reports.mark_reports(d for m in milestones for d in m.decisions.all())
    return render_to_string(
        "policy/process/_revision_public_body.html",
        {
            "revision": revision,
            "timeline": build_timeline(milestones=milestones, today=today, revision=revision),
            "happened": [m for m in milestones if m.status == Milestone.Status.DONE],
            "coming": [m for m in milestones if m.is_open],
        },
    )


# --- The staff's revision page --------------------------------------------------------------


@permission_required("policy.view_process")
def revision_manage(request, slug):
    """The staff's revision page. Its body (hundreds of milestones, tasks and members) is
    rendered once and cached under `REVISION_PAGE_STAMP` per revision, language, day and what
    the user may do; each request puts its own CSRF token in."""
    revision = get_object_or_404(
        PolicyRevision.objects.select_related(
            "policy_document", "terms_of_reference", "coordinator"
        ),
        slug=slug,
    )
    user = request.user
    today = timezone.localdate()
    permissions = {
        "can_manage": user.has_perm("policy.manage_process"),
        "can_record_decision": user.has_perm("policy.record_decision"),
        "can_manage_stakeholders": user.has_perm("policy.manage_stakeholders"),
    }
    # Which tasks a user may mark done depends on the user unless they manage the process
    # (policy/rules.py: complete_task): then the page is theirs alone.
    reader = "all" if permissions["can_manage"] else f"user-{user.pk}"
    key = ":".join(
        [
            str(revision.pk),
            get_language() or "",
            today.isoformat(),
            "".join("1" if allowed else "0" for allowed in permissions.values()),
            reader,
            request.path,
        ]
    )
    body = stamps.cached(
        process_rows.REVISION_PAGE_STAMP,
        key,
        lambda: _revision_manage_body(
            revision, today=today, user=user, path=request.path, **permissions
        ),
    )
    body = process_rows.fill_slots(body, csrf_token=get_token(request), next_path=request.path)
    return render(
        request,
        "policy/process/revision_manage.html",
        {"revision": revision, "body": body},
    )


def _revision_manage_body(
    revision, *, today, user, path, can_manage, can_record_decision, can_manage_stakeholders
) -> str:
    """The revision page below its title, with `CSRF_SLOT` where the token goes."""
    milestones = list(
        revision.milestones.in_order()
        .select_related("responsible_group")
        .prefetch_related(
            Prefetch(
                "decisions",
                queryset=Decision.objects.select_related("version__document").prefetch_related(
                    "attachments"
                ),
            )
        )
    )
    groups = list(
        revision.groups.prefetch_related(
            "members",
            Prefetch(
                "tasks",
                queryset=Task.objects.by_deadline(),
            ),
        )
    )
    # A task's owner is a member of its group and its milestone one of the revision's (the
    # models' clean() says so): both are taken from the lists above, not joined into a model
    # instance per task. One that is not there (never, unless the data was written around
    # clean()) is fetched by the descriptor as before.
    by_pk = {m.pk: m for m in milestones}
    members = {member.pk: member for group in groups for member in group.members.all()}
    owner_cache, milestone_cache = Task.owner.field, Task.milestone.field
    for group in groups:
        for task in group.tasks.all():
            if task.owner_id is None or task.owner_id in members:
                owner_cache.set_cached_value(task, members.get(task.owner_id))
            if task.milestone_id is None or task.milestone_id in by_pk:
                milestone_cache.set_cached_value(task, by_pk.get(task.milestone_id))
    stakeholders = list(revision.stakeholders.select_related("invitation_decided_by"))
    mark_milestones(milestones, today)
    csrf_token = process_rows.CSRF_SLOT
    for group in groups:
        mark_tasks(group.tasks.all(), today=today, user=user)
        # Hundreds of rows: built in Python, see policy.process_rows.
        group.member_rows = process_rows.member_rows(group.members.all(), can_manage=can_manage)
        group.task_rows = process_rows.task_rows(
            group.tasks.all(), can_manage=can_manage, csrf_token=csrf_token, next_path=path
        )
    decisions = sorted(
        (decision for m in milestones for decision in m.decisions.all()),
        key=lambda d: (d.meeting_on, d.pk),
    )
    linked_reports.mark_reports(decisions)
    return render_to_string(
        "policy/process/_revision_manage_body.html",
        {
            "csrf_token": csrf_token,
            "revision": revision,
            "milestones": milestones,
            "timeline": build_timeline(milestones=milestones, today=today, revision=revision),
            "groups": groups,
            "stakeholders": stakeholders,
            "decisions": decisions,
            "can_manage": can_manage,
            "can_record_decision": can_record_decision,
            "can_manage_stakeholders": can_manage_stakeholders,
            "document_links": [
                (document, _optional_url("policy:document_detail", slug=document.slug))
                for document in (revision.terms_of_reference, revision.policy_document)
                if document is not None
            ],
        },
    )


@permission_required("policy.manage_process")
def revision_create(request):
    form = RevisionForm(request.POST or None, instance=PolicyRevision(coordinator=request.user))
    return _form_page(
        request,
        form=form,
        title=_("New policy revision"),
        save=lambda: services.revision_save(revision=form.instance, user=request.user),
        done=_manage_url,
        cancel_url=reverse("policy:revision_list"),
        success=_("The revision is created. Add its milestones and groups."),
    )


@permission_required("policy.manage_process")
def revision_edit(request, slug):
    revision = _revision(request, slug)
    form = RevisionForm(request.POST or None, instance=revision)
    return _form_page(
        request,
        form=form,
        title=_("Change the revision"),
        save=lambda: services.revision_save(revision=form.instance, user=request.user),
        done=_manage_url,
        cancel_url=_manage_url(revision),
        success=_("The revision is saved."),
    )


# --- Milestones -----------------------------------------------------------------------------


def _milestone_form_page(request, *, milestone: Milestone, title: str):
    form = MilestoneForm(request.POST or None, milestone=milestone)

    def save():
        after = form.apply_to(milestone)
        return services.milestone_save(milestone=milestone, after=after, user=request.user)

    return _form_page(
        request,
        form=form,
        title=title,
        save=save,
        done=lambda m: _manage_url(milestone.revision, f"milepael-{m.pk}"),
        cancel_url=_manage_url(milestone.revision, "tidsplan"),
        success=_("The milestone is saved."),
    )


@permission_required("policy.manage_process")
def milestone_create(request, slug):
    revision = _revision(request, slug)
    return _milestone_form_page(
        request, milestone=Milestone(revision=revision), title=_("New milestone")
    )


@permission_required("policy.manage_process")
def milestone_edit(request, pk):
    milestone = _milestone(request, pk)
    return _milestone_form_page(
        request,
        milestone=milestone,
        title=_("Change “%(title)s”") % {"title": milestone.title},
    )


@require_POST
@permission_required("policy.manage_process")
def milestone_move(request, pk):
    milestone = _milestone(request, pk)
    offset = -1 if request.POST.get("direction") == "up" else 1
    try:
        services.milestone_move(milestone=milestone, user=request.user, offset=offset)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("“%(title)s” is moved.") % {"title": milestone.title})
    return redirect(_manage_url(milestone.revision, f"milepael-{milestone.pk}"))


@require_http_methods(["GET", "POST"])
@permission_required("policy.update_milestone", fn=_milestone, pass_as="milestone")
def milestone_status(request, pk, *, milestone):
    """A group member updates the status and note, usually from the dashboard.

    It posts, saves and goes back (no JavaScript needed); only bad input shows this page.
    """
    form = MilestoneStatusForm(
        request.POST or None, initial={"status": milestone.status, "note": milestone.note}
    )
    back = safe_next_url(request, reverse("dashboard"))
    if request.method == "POST" and form.is_valid():
        try:
            services.milestone_update(
                milestone=milestone,
                user=request.user,
                status=form.cleaned_data["status"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("“%(title)s” is saved with the status %(status)s.")
                % {"title": milestone.title, "status": milestone.get_status_display()},
            )
            return redirect(back)
    return render(
        request,
        "policy/process/milestone_status.html",
        {"milestone": milestone, "form": form, "next": back},
        status=400 if form.errors else 200,
    )


# --- Decisions ------------------------------------------------------------------------------


@permission_required("policy.record_decision")
def decision_create(request, pk):
    milestone = _milestone(request, pk)
    if not milestone.is_deciding_body:
        messages.error(
            request,
            _("“%(title)s” is not a meeting of a deciding body.") % {"title": milestone.title},
        )
        return redirect(_manage_url(milestone.revision, f"milepael-{milestone.pk}"))
    form = DecisionForm(
        request.POST or None,
        request.FILES or None,
        milestone=milestone,
        preselect=request.GET,
    )

    def save():
        data = form.cleaned_data
        return services.decision_record(
            milestone=milestone,
            version=data["version"],
            meeting_on=data["meeting_on"],
            outcome=data["outcome"],
            text=data["text"],
            protocol_addendum=data["protocol_addendum"],
            out_of_order_reason=data["out_of_order_reason"],
            files=data["attachments"],
            report_version=data.get("report_version") or "",
            user=request.user,
        )

    return _form_page(
        request,
        form=form,
        title=_("Decision of %(body)s") % {"body": milestone.title},
        intro=_("Which version of the draft did the meeting treat, and what did it decide?"),
        save=save,
        done=lambda d: _manage_url(milestone.revision, f"beslutning-{d.pk}"),
        cancel_url=_manage_url(milestone.revision),
        success=_("The decision is recorded."),
    )


@permission_required("policy.record_decision")
def decision_attachments(request, pk):
    decision = get_object_or_404(
        Decision.objects.select_related("milestone__revision", "version__document"), pk=pk
    )
    form = AttachmentForm(request.POST or None, request.FILES or None)
    linked_reports.mark_reports([decision])
    return _form_page(
        request,
        form=form,
        title=_("Add files to the decision"),
        intro=decision.summary,
        save=lambda: services.decision_attachment_add(
            decision=decision, files=form.cleaned_data["attachments"], user=request.user
        ),
        done=_manage_url(decision.milestone.revision, f"beslutning-{decision.pk}"),
        cancel_url=_manage_url(decision.milestone.revision, f"beslutning-{decision.pk}"),
        success=_("The files are added."),
    )


@permission_required("policy.view_process")
def decision_attachment_download(request, pk):
    attachment = get_object_or_404(DecisionAttachment, pk=pk)
    return file_download(attachment.file, kind=attachment.kind, filename=attachment.filename)


# --- Groups and members ---------------------------------------------------------------------


@permission_required("policy.manage_process")
def group_create(request, slug):
    revision = _revision(request, slug)
    form = GroupForm(request.POST or None, instance=Group(revision=revision))
    return _form_page(
        request,
        form=form,
        title=_("New group"),
        save=lambda: services.group_save(group=form.instance, user=request.user),
        done=lambda g: _manage_url(revision, f"gruppe-{g.pk}"),
        cancel_url=_manage_url(revision, "grupper"),
        success=_("The group is created."),
    )


@permission_required("policy.manage_process")
def group_edit(request, pk):
    group = _group(request, pk)
    form = GroupForm(request.POST or None, instance=group)
    return _form_page(
        request,
        form=form,
        title=_("Change %(group)s") % {"group": group.name},
        save=lambda: services.group_save(group=form.instance, user=request.user),
        done=_manage_url(group.revision, f"gruppe-{group.pk}"),
        cancel_url=_manage_url(group.revision, f"gruppe-{group.pk}"),
        success=_("The group is saved."),
    )


@permission_required("policy.manage_process")
def member_create(request, pk):
    group = _group(request, pk)
    form = MemberForm(request.POST or None, instance=GroupMember(group=group))
    return _form_page(
        request,
        form=form,
        title=_("New member of %(group)s") % {"group": group.name},
        save=lambda: services.member_save(member=form.instance, user=request.user),
        done=_manage_url(group.revision, f"gruppe-{group.pk}"),
        cancel_url=_manage_url(group.revision, f"gruppe-{group.pk}"),
        success=_("The member is added."),
    )


@permission_required("policy.manage_process")
def member_edit(request, pk):
    member = _member(request, pk)
    form = MemberForm(request.POST or None, instance=member)
    return _form_page(
        request,
        form=form,
        title=_("Change %(name)s") % {"name": member.name},
        save=lambda: services.member_save(member=form.instance, user=request.user),
        done=_manage_url(member.group.revision, f"gruppe-{member.group_id}"),
        cancel_url=_manage_url(member.group.revision, f"gruppe-{member.group_id}"),
        success=_("The member is saved."),
    )


@require_http_methods(["GET", "POST"])
@permission_required("policy.manage_process")
def member_remove(request, pk):
    member = _member(request, pk)
    back = _manage_url(member.group.revision, f"gruppe-{member.group_id}")
    if request.method == "POST":
        try:
            services.member_remove(member=member, user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("%(name)s is no longer in %(group)s.")
                % {"name": member.name, "group": member.group.name},
            )
        return redirect(back)
    return render(
        request, "policy/process/member_remove.html", {"member": member, "cancel_url": back}
    )


# --- Tasks ----------------------------------------------------------------------------------


@permission_required("policy.manage_process")
def task_create(request, pk):
    group = _group(request, pk)
    form = TaskForm(request.POST or None, instance=Task(group=group))
    return _form_page(
        request,
        form=form,
        title=_("New task for %(group)s") % {"group": group.name},
        save=lambda: services.task_save(task=form.instance, user=request.user),
        done=lambda t: _manage_url(group.revision, f"opgave-{t.pk}"),
        cancel_url=_manage_url(group.revision, f"gruppe-{group.pk}"),
        success=_("The task is created."),
    )


@permission_required("policy.manage_process")
def task_edit(request, pk):
    task = _task(request, pk)
    form = TaskForm(request.POST or None, instance=task)
    return _form_page(
        request,
        form=form,
        title=_("Change “%(title)s”") % {"title": task.title},
        save=lambda: services.task_save(task=form.instance, user=request.user),
        done=_manage_url(task.group.revision, f"opgave-{task.pk}"),
        cancel_url=_manage_url(task.group.revision, f"opgave-{task.pk}"),
        success=_("The task is saved."),
    )


@require_POST
@permission_required("policy.complete_task", fn=_task, pass_as="task")
def task_complete(request, pk, *, task):
    services.task_complete(task=task, user=request.user)
    messages.success(request, _("“%(title)s” is marked as done.") % {"title": task.title})
    return redirect(safe_next_url(request, reverse("dashboard")))


@require_POST
@permission_required("policy.complete_task", fn=_task, pass_as="task")
def task_reopen(request, pk, *, task):
    services.task_reopen(task=task, user=request.user)
    messages.success(request, _("“%(title)s” is open again.") % {"title": task.title})
    return redirect(safe_next_url(request, reverse("dashboard")))


# --- Stakeholders ---------------------------------------------------------------------------


@permission_required("policy.manage_stakeholders")
def stakeholder_create(request, slug):
    revision = _revision(request, slug)
    form = StakeholderForm(request.POST or None, instance=Stakeholder(revision=revision))
    return _form_page(
        request,
        form=form,
        title=_("New stakeholder"),
        save=lambda: services.stakeholder_save(stakeholder=form.instance, user=request.user),
        done=_manage_url(revision, "interessenter"),
        cancel_url=_manage_url(revision, "interessenter"),
        success=_("The stakeholder is added."),
    )


@permission_required("policy.manage_stakeholders")
def stakeholder_edit(request, pk):
    stakeholder = _stakeholder(request, pk)
    form = StakeholderForm(request.POST or None, instance=stakeholder)
    return _form_page(
        request,
        form=form,
        title=_("Change %(name)s") % {"name": stakeholder.name},
        save=lambda: services.stakeholder_save(stakeholder=form.instance, user=request.user),
        done=_manage_url(stakeholder.revision, f"interessent-{stakeholder.pk}"),
        cancel_url=_manage_url(stakeholder.revision, f"interessent-{stakeholder.pk}"),
        success=_("The stakeholder is saved."),
    )
