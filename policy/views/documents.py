"""Documents: overview, editor, versions, comparison, restore, workflow, review, export, public.

Views stay thin: they fetch with fixed query counts, check named permissions and call the
services in `policy.services.documents`.
"""

import uuid
from collections import defaultdict

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, Prefetch, Q
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from medborger.http import safe_next_url
from medborger.permissions import permission_required
from policy import editor_rows, exports, linked_points, process_rows
from policy.compare import compare_sections, compare_versions_cached
from policy.editor_rows import SectionRows
from policy.forms.documents import (
    FORGED,
    MAX_SECTION_CHARS,
    CommentForm,
    DocumentForm,
    ResolveCommentForm,
    TransitionForm,
    VersionMetaForm,
    section_formset,
)
from policy.models import (
    Decision,
    Document,
    DocumentTransition,
    DocumentVersion,
    Milestone,
    ReviewComment,
    Section,
)
from policy.services import (
    StaleVersionError,
    TransitionNotAllowed,
    comment_create,
    comment_resolve,
    document_create,
    document_transition,
    document_transitions_for,
    document_update,
    normalise_body,
    version_restore,
    version_save,
)

#: Rows on a page of the version list.
VERSIONS_PER_PAGE = 25

# --- Fetching -------------------------------------------------------------------------------


def _optional_url(name: str, **kwargs) -> str:
    """A link to a page another part of the app provides, or "" where it does not exist."""
    try:
        return reverse(name, kwargs=kwargs)
    except NoReverseMatch:
        return ""


def _document(request, slug, *args, **kwargs):
    return get_object_or_404(
        Document.objects.with_current_version().select_related(
            "hearing_version", "adopted_version", "approved_version"
        ),
        slug=slug,
    )


def _version(document, number, *, with_sections=True) -> DocumentVersion:
    queryset = DocumentVersion.objects.select_related("author", "restored_from")
    if with_sections:
        queryset = queryset.prefetch_related(
            Prefetch("sections", queryset=Section.objects.order_by("position"))
        )
    version = get_object_or_404(queryset, document=document, number=number)
    version.document = document
    return version


def _open_comments_by_key(document) -> dict:
    comments = defaultdict(list)
    for comment in (
        ReviewComment.objects.open()
        .filter(document=document)
        .select_related("author", "section__version")
    ):
        comments[comment.section_key].append(comment)
    return comments


# --- List, create, overview, particulars ----------------------------------------------------


@permission_required("policy.view_document")
def document_list(request):
    documents = Document.objects.with_current_version().annotate(
        open_comments=Count("review_comments", filter=Q(review_comments__resolved_at__isnull=True))
    )
    return render(request, "policy/documents/document_list.html", {"documents": documents})


@permission_required("policy.change_document")
def document_new(request):
    form = DocumentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        document = document_create(user=request.user, **form.cleaned_data)
        messages.success(request, _("The document has been created. Write its first sections."))
        return redirect("policy:document_editor", slug=document.slug)
    return render(request, "policy/documents/document_form.html", {"form": form})


def _adoption(document: Document, user) -> dict | None:
    """Where the document page points once the hearing is processed: adoption is the city
    council's decision, recorded on the revision's timeline (never a plain status change).
    None before then (and no query)."""
    if document.status != Document.Status.PROCESSED_AFTER_HEARING:
        return None
    council = (
        Milestone.objects.filter(
            revision__policy_document=document, kind=Milestone.Kind.CITY_COUNCIL
        )
        .in_order()
        .first()
    )
    url = ""
    if council is not None and user.has_perm("policy.record_decision"):
        number = document.current_version.number if document.current_version else ""
        url = (
            reverse("policy:decision_create", kwargs={"pk": council.pk})
            + f"?version={number}&udfald={Decision.Outcome.ADOPTED}"
        )
    return {"milestone": council, "url": url}


@permission_required("policy.view_document")
def document_detail(request, slug):
    document = _document(request, slug)
    transitions = DocumentTransition.objects.filter(document=document).select_related(
        "user", "version"
    )
    allowed = document_transitions_for(document=document, user=request.user)
    can_send_to_hearing = (
        document.status == Document.Status.APPROVED_FOR_HEARING
        and document.approved_version_id is not None
        and request.user.has_perm("policy.send_document_to_hearing", document)
    )
    return render(
        request,
        "policy/documents/document_detail.html",
        {
            "adoption": _adoption(document, request.user),
            "can_send_to_hearing": can_send_to_hearing,
            "new_hearing_url": _optional_url("consultation:hearing_new")
            + f"?dokument={document.pk}",
            "document": document,
            "header_lines": exports.header_lines(document),
            "transitions": transitions,
            "transition_form": (
                TransitionForm(
                    allowed=allowed,
                    initial={
                        "expected_version": document.current_version.number
                        if document.current_version
                        else None
                    },
                )
                if allowed
                else None
            ),
            "open_comment_count": ReviewComment.objects.open().filter(document=document).count(),
            "version_count": document.versions.count(),
        },
    )


@permission_required("policy.change_document")
def document_particulars(request, slug):
    document = _document(request, slug)
    form = DocumentForm(request.POST or None, instance=document)
    if request.method == "POST" and form.is_valid():
        document_update(document=document, user=request.user, **form.cleaned_data)
        messages.success(request, _("The particulars have been saved."))
        return redirect("policy:document_detail", slug=document.slug)
    return render(
        request, "policy/documents/document_form.html", {"form": form, "document": document}
    )


# --- Editor ---------------------------------------------------------------------------------


def editor_labels() -> dict:
    """Texts the editor's script shows, translated here (the script has no catalogue)."""
    return {
        "toolbar": _("Formatting of %(label)s"),
        "paragraph": _("Normal text"),
        "heading2": _("Heading"),
        "heading3": _("Subheading"),
        "bold": _("Bold"),
        "italic": _("Italic"),
        "bulletList": _("Bulleted list"),
        "orderedList": _("Numbered list"),
        "link": _("Link"),
        "linkPrompt": _("Address of the link (https://…, mailto:… or tel:…)"),
        "table": _("Insert table"),
        "addRow": _("Add row"),
        "addColumn": _("Add column"),
        "deleteRow": _("Delete row"),
        "deleteColumn": _("Delete column"),
        "deleteTable": _("Delete table"),
        "undo": _("Undo"),
        "redo": _("Redo"),
        "keys": _(
            "Keys: Ctrl+B bold, Ctrl+I italic, Ctrl+Z undo. In a table Tab moves to the next "
            "cell; press Esc to leave the text."
        ),
        "moved": _("“%(heading)s” moved to place %(place)s."),
        "alreadyFirst": _("The section is already first."),
        "alreadyLast": _("The section is already last."),
        "added": _("A new section has been added at the end."),
        "untitled": _("The section"),
        "unsaved": _("You have changes that are not saved. Leave the page anyway?"),
    }


def _editor_context(
    *,
    document,
    formset,
    meta_form,
    comments_by_key,
    base_version=None,
    unsaved=False,
    points_by_key=None,
    answered=(),
    parts=None,
):
    points_by_key = points_by_key or {}
    # The rows are built in Python (about 0.6 ms a row in the template): policy.editor_rows.
    builder = SectionRows(formset=formset, max_section_chars=MAX_SECTION_CHARS, answered=answered)
    rows = []
    if parts is not None:  # an unchanged version's rows, from the cache (editor_rows)
        for key, row_parts in parts:
            key = _as_uuid(key)
            html = builder.join(row_parts, comments_by_key.get(key, []), points_by_key.get(key, []))
            rows.append({"html": html})
    for index, form in enumerate(formset.forms if parts is None else ()):
        key = _as_uuid(form["key"].value())
        html = builder.row(
            form,
            comments=comments_by_key.get(key, []),
            points=points_by_key.get(key, []),
            index=index,
            number=index + 1,
        )
        rows.append({"form": form, "html": html})
    # Given to the template as values: looking `formset.anything` up in a template first tries
    # `formset["anything"]`, which builds every form (a hundred, for nothing, on a GET).
    non_form_errors = formset.non_form_errors()
    return {
        "management_form": formset.management_form,
        "non_form_errors": non_form_errors,
        "sections_need_attention": formset.is_bound
        and formset.total_error_count()
        and not non_form_errors,
        "empty_row": builder.row(formset.empty_form, index="__prefix__", number=0),
        "answered": set(answered),
        "document": document,
        "formset": formset,
        "meta_form": meta_form,
        "rows": rows,
        "base_version": base_version,
        "max_section_chars": MAX_SECTION_CHARS,
        "open_comment_total": sum(len(c) for c in comments_by_key.values()),
        "editor_labels": editor_labels(),
        "unsaved": unsaved,
    }


def _as_uuid(value):
    try:
        return uuid.UUID(str(value))
    except (TypeError, ValueError):
        return None


def _posted_base(document, meta_form) -> DocumentVersion | None:
    try:
        number = int(meta_form["base_number"].value())
    except (TypeError, ValueError):
        return None
    return DocumentVersion.objects.filter(document=document, number=number).first()


def _rearranged(formset, request) -> list[dict] | None:
    """Without JavaScript, moving and adding sections are buttons that post the whole form;
    the page comes back rearranged and nothing is saved yet."""
    rows = formset.raw_rows()
    if "add_section" in request.POST:
        rows.append({"key": "", "heading": "", "body": "", "DELETE": False})
    elif "move" in request.POST:
        try:
            index, direction = request.POST["move"].split(":")
            index = int(index)
        except ValueError:
            return rows
        order = [row["_index"] for row in rows]
        if index in order:
            at = order.index(index)
            to = at - 1 if direction == "up" else at + 1
            if 0 <= to < len(rows):
                rows[at], rows[to] = rows[to], rows[at]
    else:
        return None
    for position, row in enumerate(rows):
        row["position"] = position
    return rows


@permission_required("policy.change_document", fn=_document, pass_as="document")
def document_editor(request, slug, *, document):
    comments_by_key = _open_comments_by_key(document)
    points_by_key = linked_points.editor_points(document)
    answered = linked_points.posted_point_ids(request.POST)
    current = document.current_version

    def show(formset, meta_form, *, status=200, unsaved=True, parts=None):
        # A form that comes back still builds on the version it was opened with.
        base_version = _posted_base(document, meta_form) if unsaved else current
        context = _editor_context(
            document=document,
            formset=formset,
            meta_form=meta_form,
            comments_by_key=comments_by_key,
            base_version=base_version,
            unsaved=unsaved,
            points_by_key=points_by_key,
            answered=answered,
            parts=parts,
        )
        return render(request, "policy/documents/editor.html", context, status=status)

    if request.method != "POST":
        parts = (
            editor_rows.cached_parts(document, current, max_section_chars=MAX_SECTION_CHARS)
            if current
            else []
        )
        return show(
            # The rows come from the cache: the formset gives the management form (its count).
            section_formset(document=document, initial=[{}] * len(parts)),
            VersionMetaForm(initial={"base_number": current.number if current else None}),
            unsaved=False,
            parts=parts,
        )

    formset = section_formset(document=document, data=request.POST)
    meta_form = VersionMetaForm(request.POST)
    rearranged = _rearranged(formset, request)
    if rearranged is not None:
        messages.info(request, _("The sections have been rearranged. Nothing is saved yet."))
        return show(
            section_formset(document=document, initial=rearranged),
            VersionMetaForm(initial=meta_form.data.dict()),
        )

    meta_valid = meta_form.is_valid()
    base_number = meta_form.cleaned_data.get("base_number") if meta_valid else None
    forged_base = not meta_valid or (
        base_number is not None
        and not DocumentVersion.objects.filter(document=document, number=base_number).exists()
    )
    sections_valid = formset.is_valid()
    if forged_base:
        meta_form.add_error(None, FORGED)
    if forged_base or formset.forged or formset.management_form.errors:
        # A stale or forged form: refused, but the text comes back so nothing typed is lost.
        return show(formset, meta_form, status=400)
    if not sections_valid:
        return show(formset, meta_form)
    sections = formset.section_inputs()
    try:
        with transaction.atomic():
            version = version_save(
                document=document,
                sections=sections,
                user=request.user,
                base_number=base_number,
                label=meta_form.cleaned_data["label"],
                change_note=meta_form.cleaned_data["change_note"],
            )
            # The points this edit answers (hearing points shown beside the sections).
            linked_points.record_answers(version=version, point_ids=answered, user=request.user)
    except ValidationError:
        # A point that is not this document's: a forged form. Nothing is saved.
        meta_form.add_error(None, FORGED)
        return show(formset, meta_form, status=400)
    except StaleVersionError as stale:
        return _conflict(
            request,
            document=document,
            base_number=base_number,
            current=stale.current,
            sections=sections,
            meta_form=meta_form,
            comments_by_key=comments_by_key,
        )
    messages.success(request, _("Saved as version %(number)s.") % {"number": version.number})
    if getattr(version, "sent_back_for_approval", False):
        messages.warning(
            request,
            _(
                "The steering group had approved an earlier version for hearing. The document "
                "is back for the steering group's approval of version %(number)s."
            )
            % {"number": version.number},
        )
    return redirect("policy:document_editor", slug=document.slug)


def _conflict(request, *, document, base_number, current, sections, meta_form, comments_by_key):
    """Someone saved since this editor was opened: show both sets of changes, keep the text."""
    document.refresh_from_db(fields=["current_version"])
    current = _version(document, current.number) if current else None
    base = _version(document, base_number) if base_number else None
    base_sections = list(base.sections.all()) if base else []
    current_sections = list(current.sections.all()) if current else []
    yours = [
        Section(key=s.key, position=i, heading=s.heading, body=normalise_body(s.body))
        for i, s in enumerate(sections, start=1)
    ]
    formset = section_formset(
        document=document,
        initial=[
            {"key": str(s.key), "heading": s.heading, "body": s.body, "position": i}
            for i, s in enumerate(sections)
        ],
    )
    meta = VersionMetaForm(
        initial={
            "base_number": current.number if current else None,
            "label": meta_form.cleaned_data.get("label", ""),
            "change_note": meta_form.cleaned_data.get("change_note", ""),
        }
    )
    context = _editor_context(
        document=document,
        formset=formset,
        meta_form=meta,
        comments_by_key=comments_by_key,
        base_version=current,
        unsaved=True,
    )
    context.update(
        {
            "base": base,
            "current": current,
            "their_changes": [
                c for c in compare_sections(base_sections, current_sections) if not c.unchanged
            ],
            "your_changes": [c for c in compare_sections(base_sections, yours) if not c.unchanged],
        }
    )
    return render(request, "policy/documents/conflict.html", context, status=409)


# --- Versions -------------------------------------------------------------------------------


@permission_required("policy.view_document")
def version_list(request, slug):
    """Newest first, a page at a time: a long-lived document has hundreds of versions. The
    comparison form offers every version (numbers and labels only)."""
    document = _document(request, slug)
    choices = list(document.versions.order_by("-number").values_list("number", "label"))
    page = Paginator(choices, VERSIONS_PER_PAGE).get_page(request.GET.get("side"))
    numbers = [number for number, _label in page.object_list]
    versions = list(
        document.versions.filter(number__in=numbers)
        .select_related("author", "restored_from")
        .annotate(section_count=Count("sections"))
        .order_by("-number")
    )
    oldest = choices[-1][0] if choices else None
    for version in versions:
        version.previous_number = version.number - 1 if version.number != oldest else None
    return render(
        request,
        "policy/documents/version_list.html",
        {
            "document": document,
            "versions": versions,
            # Escaped and localised once for the two pickers.
            "choices": process_rows.option_texts(choices),
            # The rows are built in Python (policy.process_rows.version_rows).
            "version_rows": process_rows.version_rows(
                versions,
                document=document,
                can_change=request.user.has_perm("policy.change_document", document),
            ),
            "page": page,
        },
    )


@permission_required("policy.view_document")
def version_detail(request, slug, number):
    document = _document(request, slug)
    version = _version(document, number)
    comments = defaultdict(list)
    for comment in ReviewComment.objects.filter(section__version=version).select_related(
        "author", "resolved_by"
    ):
        comments[comment.section_id].append(comment)
    sections = [
        {"section": section, "comments": comments.get(section.pk, [])}
        for section in version.sections.all()
    ]
    return render(
        request,
        "policy/documents/version_detail.html",
        {
            "document": document,
            "version": version,
            "sections": sections,
            "is_current": version.pk == document.current_version_id,
            "header_lines": exports.header_lines(document),
            "comment_form": CommentForm(),
        },
    )


@permission_required("policy.view_document")
def version_compare_pick(request, slug):
    """The version list's compare form posts two numbers here; it redirects to the stable URL."""
    document = _document(request, slug)
    try:
        old, new = int(request.GET["fra"]), int(request.GET["til"])
    except (KeyError, ValueError):
        messages.error(request, _("Choose two versions to compare."))
        return redirect("policy:version_list", slug=document.slug)
    return redirect("policy:version_compare", slug=document.slug, old=old, new=new)


@permission_required("policy.view_document")
def version_compare(request, slug, old, new):
    document = _document(request, slug)
    old_version, new_version = _version(document, old), _version(document, new)
    comparison = compare_versions_cached(old_version, new_version)
    answered = linked_points.compare_points(old_version, new_version)
    for change in comparison.sections:
        # The hearing points each change answers, shown with the section.
        change.answered_points = answered.get(change.key, [])
    mode = "inline" if request.GET.get("visning") == "samlet" else "side"
    return render(
        request,
        "policy/documents/compare.html",
        {
            "document": document,
            "comparison": comparison,
            "mode": mode,
            "changed": [c for c in comparison.sections if not c.unchanged],
            "unchanged_count": comparison.count("unchanged"),
        },
    )


@permission_required("policy.change_document", fn=_document, pass_as="document")
def version_restore_view(request, slug, number, *, document):
    version = _version(document, number)
    if request.method == "POST":
        restored = version_restore(version=version, user=request.user)
        messages.success(
            request,
            _("Version %(old)s has been restored as the new version %(new)s.")
            % {"old": version.number, "new": restored.number},
        )
        return redirect("policy:version_detail", slug=document.slug, number=restored.number)
    return render(
        request,
        "policy/documents/version_restore.html",
        {"document": document, "version": version},
    )


def _download(content: bytes, *, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


@permission_required("policy.view_document")
def version_docx(request, slug, number):
    version = _version(_document(request, slug), number)
    return _download(
        exports.version_docx(version),
        filename=exports.export_filename(version, "docx"),
        content_type=exports.DOCX_CONTENT_TYPE,
    )


@permission_required("policy.view_document")
def version_pdf(request, slug, number):
    version = _version(_document(request, slug), number)
    return _download(
        exports.version_pdf(version),
        filename=exports.export_filename(version, "pdf"),
        content_type="application/pdf",
    )


# --- Workflow and review --------------------------------------------------------------------


@require_POST
@permission_required("policy.view_document")
def document_transition_view(request, slug):
    document = _document(request, slug)
    allowed = document_transitions_for(document=document, user=request.user)
    form = TransitionForm(request.POST, allowed=allowed)
    if not form.is_valid():
        messages.error(request, _("That status change is not possible for you now."))
        return redirect("policy:document_detail", slug=document.slug)
    try:
        document_transition(
            document=document,
            to_status=form.cleaned_data["to_status"],
            user=request.user,
            note=form.cleaned_data["note"],
            expected_version=form.cleaned_data["expected_version"],
        )
    except TransitionNotAllowed as refused:
        messages.error(request, str(refused))
    else:
        messages.success(
            request,
            _("The document now has the status “%(status)s”.")
            % {"status": document.get_status_display()},
        )
    return redirect("policy:document_detail", slug=document.slug)


@require_POST
@permission_required("policy.comment_document")
def comment_new(request, slug, number):
    document = _document(request, slug)
    version = _version(document, number, with_sections=False)
    form = CommentForm(request.POST)
    url = reverse("policy:version_detail", kwargs={"slug": slug, "number": number})
    if not form.is_valid():
        messages.error(request, _("Write a comment first."))
        return redirect(url)
    section = Section.objects.filter(version=version, key=form.cleaned_data["section"]).first()
    if section is None:
        return HttpResponseBadRequest(_("The section does not belong to this version."))
    section.version = version
    comment_create(section=section, user=request.user, body=form.cleaned_data["body"])
    messages.success(request, _("Your comment has been saved."))
    return redirect(f"{url}#{section.anchor}")


@require_POST
@permission_required("policy.resolve_comment")
def comment_resolve_view(request, slug, pk):
    document = _document(request, slug)
    comment = get_object_or_404(ReviewComment, pk=pk, document=document)
    form = ResolveCommentForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    comment_resolve(comment=comment, user=request.user, note=note)
    messages.success(request, _("The comment is marked as resolved."))
    return redirect(
        safe_next_url(request, reverse("policy:document_detail", kwargs={"slug": document.slug}))
    )


# --- Public ---------------------------------------------------------------------------------


def document_public(request, slug):
    """The adopted version, or the hearing version during a hearing; nothing else is public."""
    document = get_object_or_404(Document.objects.public(), slug=slug)
    version_id = document.public_version_id
    if version_id is None:
        raise Http404
    version = (
        DocumentVersion.objects.prefetch_related(
            Prefetch("sections", queryset=Section.objects.order_by("position"))
        )
        .filter(pk=version_id)
        .first()
    )
    if version is None:
        raise Http404
    version.document = document
    hearing = (
        version.hearings.order_by("-opens_at").first()
        if document.status == Document.Status.IN_HEARING and hasattr(version, "hearings")
        else None
    )
    return render(
        request,
        "policy/documents/public.html",
        {
            "document": document,
            "version": version,
            "header_lines": exports.header_lines(document),
            "hearing": hearing,
            "hearing_state": hearing.state() if hearing else "",
        },
    )


def document_public_pdf(request, slug):
    document = get_object_or_404(Document.objects.public(), slug=slug)
    version = get_object_or_404(DocumentVersion, pk=document.public_version_id)
    version.document = document
    return _download(
        exports.version_pdf(version),
        filename=exports.export_filename(version, "pdf"),
        content_type="application/pdf",
    )
