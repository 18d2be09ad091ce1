"""Events: the public pages with sign-up and cancel, and the staff's attendee list and input."""

from urllib.parse import parse_qsl, urlencode, urlsplit

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_POST

from consultation.forms.events import EventForm, EventNoteForm, SignUpForm
from consultation.models import Event, EventNote, SignUp
from consultation.services import events as services
from medborger.exports import csv_response, xlsx_response
from medborger.permissions import permission_required
from medborger.public_forms import FormRefused
from policy.models import Section

ATTENDEES_PER_PAGE = 100


def _event(request, pk, **kwargs):
    """The event with its sign-up counts (a scoped getter for `permission_required`)."""
    return get_object_or_404(Event.objects.with_counts(), pk=pk)


# --- Public ---------------------------------------------------------------------------------


def event_list(request):
    staff = request.user.has_perm("consultation.manage_signups")
    events = Event.objects.with_counts().order_by("starts_at", "pk")
    if not staff:
        events = events.listed_publicly().upcoming()
    return render(
        request,
        "consultation/events/list.html",
        {"events": list(events), "staff": staff, "now": timezone.now()},
    )


def event_detail(request, pk):
    """The event and, while it is open, the sign-up form (no account needed)."""
    event = _event(request, pk)
    closed = event.signup_closed_reason()
    # Bound on every POST, an empty one too, so that a refusal can be shown on it.
    form = SignUpForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        try:
            verdict = services.SIGNUP_FORM.judge(request, scope=event.pk)
        except FormRefused as refusal:
            form.is_valid()
            form.add_error(None, refusal.message)
            status = refusal.status
        else:
            if form.is_valid():
                try:
                    signup = services.signup_create(
                        event=event,
                        data=form.to_data(),
                        honeypot_filled=verdict.honeypot,
                        too_fast=verdict.too_fast,
                    )
                except services.SignUpDropped:
                    return redirect("consultation:event_thanks", pk=event.pk)
                except services.AlreadySignedUp as refusal:
                    form.add_error("email", refusal.message)
                except services.SignUpClosed as refusal:
                    closed = refusal.message
                except services.SignUpRefused as refusal:
                    form.add_error(None, refusal.message)
                    status = 429
                else:
                    return redirect("consultation:signup_manage", token=signup.token)
    return render(
        request,
        "consultation/events/detail.html",
        {
            "event": event,
            "form": form,
            "closed": closed,
            "seats_left": event.seats_left(event.confirmed_count),
            "form_stamp": services.SIGNUP_FORM.stamp_issue(scope=event.pk),
            "pow_challenge": services.SIGNUP_FORM.challenge(),
        },
        status=status,
    )


def event_thanks(request, pk):
    """Where the honeypot sends a robot: it looks like success, but nothing was stored."""
    event = _event(request, pk)
    return render(request, "consultation/events/thanks.html", {"event": event})


def signup_manage(request, token):
    """The page behind the link in the e-mails: confirm the sign-up, see it, or cancel it."""
    signup = (
        SignUp.objects.select_related("event")
        .filter(token=token, anonymised_at__isnull=True)
        .first()
    )
    if signup is None:
        raise Http404
    error = ""
    if request.method == "POST":
        try:
            if request.POST.get("action") == "confirm":
                services.signup_confirm(signup=signup)
            else:
                services.signup_cancel(signup=signup)
        except services.SignUpClosed as refusal:
            error = refusal.message
        else:
            return redirect("consultation:signup_manage", token=token)
    return render(
        request,
        "consultation/events/signup.html",
        {
            "signup": signup,
            "event": signup.event,
            "error": error,
            "can_confirm": signup.can_confirm(),
            "can_cancel": signup.can_cancel(),
            "waiting_position": (
                signup.event.signups.waiting()
                .filter(
                    Q(created_at__lt=signup.created_at)
                    | Q(created_at=signup.created_at, pk__lte=signup.pk)
                )
                .count()
                if signup.status == SignUp.Status.WAITING
                else None
            ),
        },
        status=200 if not error else 409,
    )


# --- Staff ----------------------------------------------------------------------------------


def _event_form(request, event):
    """The staff's editor for a new (`event` None) or an existing event."""
    form = EventForm(request.POST or None, instance=event)
    if request.method == "POST" and form.is_valid():
        saved = services.event_save(
            event=form.save(commit=False),
            organisers=form.cleaned_data["organisers"],
            user=request.user,
        )
        messages.success(request, _("The event is saved.") if event else _("The event is created."))
        return redirect("consultation:event_detail", pk=saved.pk)
    return render(request, "consultation/events/form.html", {"form": form, "event": event})


@permission_required("consultation.add_event")
def event_create(request):
    return _event_form(request, None)


@permission_required("consultation.change_event", _event, pass_as="event")
def event_edit(request, pk, *, event):
    return _event_form(request, event)


def _attendees(event, query: str = ""):
    signups = event.signups.in_list_order()
    if query:
        signups = signups.filter(
            Q(name__icontains=query) | Q(email__icontains=query) | Q(organisation__icontains=query)
        )
    return signups


@permission_required("consultation.manage_signups", _event, pass_as="event")
def event_attendees(request, pk, *, event):
    """Everyone signed up, the waiting list in its order, their needs, and check-in."""
    query = request.GET.get("q", "").strip()[:200]
    page = Paginator(_attendees(event, query), ATTENDEES_PER_PAGE).get_page(request.GET.get("side"))
    return render(
        request,
        "consultation/events/attendees.html",
        {"event": event, "page": page, "query": query},
    )


def _export_header() -> list[str]:
    return [
        _("Status"),
        _("Name"),
        _("E-mail"),
        _("Organisation"),
        _("Interpreter"),
        _("Step-free access"),
        _("Hearing loop"),
        _("Other needs"),
        _("Signed up"),
        _("Moved up from the waiting list"),
        pgettext("sign-up", "Cancelled"),
        _("Checked in"),
    ]


def _export_rows(event):
    status_names = {value: str(label) for value, label in SignUp.Status.choices}
    yes = _("yes")

    fields = [
        "status", "name", "email", "organisation", "interpreter_language",
        "needs_step_free_access", "needs_hearing_loop", "needs_other", "created_at",
        "promoted_at", "cancelled_at", "checked_in_at",
    ]  # fmt: skip
    for row in event.signups.in_list_order().values_list(*fields).iterator(chunk_size=2000):
        status, name, email, organisation, interpreter, step_free, loop, other, *times = row
        yield [
            status_names.get(status, status),
            name,
            email,
            organisation,
            interpreter,
            yes if step_free else "",
            yes if loop else "",
            other,
            *(value or "" for value in times),
        ]


@permission_required("consultation.manage_signups", _event, pass_as="event")
def event_attendees_export(request, pk, fmt, *, event):
    """The attendee list as a CSV or XLSX download, streamed row by row."""
    filename = f"deltagere-{event.pk}-{timezone.localdate():%Y-%m-%d}.{fmt}"
    header = _export_header()
    if fmt == "csv":
        return csv_response(filename=filename, header=header, rows=_export_rows(event))
    return xlsx_response(
        filename=filename, sheet_title=_("Attendees"), header=header, rows=_export_rows(event)
    )


def _attendees_url(pk, back: str) -> str:
    """The attendee list, keeping only the search and page of `back` (rebuilt, never echoed)."""
    base = reverse("consultation:event_attendees", args=[pk])
    parts = urlsplit(back)
    if parts.path != base or parts.scheme or parts.netloc:
        return base
    params = [(key, value) for key, value in parse_qsl(parts.query) if key in ("q", "side")]
    return f"{base}?{urlencode(params)}" if params else base


@require_POST
@permission_required("consultation.manage_signups", _event, pass_as="event")
def signup_check_in(request, pk, signup_pk, *, event):
    signup = get_object_or_404(event.signups, pk=signup_pk)
    services.signup_check_in(
        signup=signup, present=request.POST.get("present") == "1", user=request.user
    )
    back = _attendees_url(pk, request.POST.get("next", ""))
    return HttpResponseRedirect(f"{back}#tilmelding-{signup.pk}")


def _draft_sections(event):
    """The sections of the current version of the revision's policy, if the event has one."""
    revision = event.revision
    document = revision.policy_document if revision else None
    if document is None or document.current_version_id is None:
        return []
    return list(Section.objects.filter(version_id=document.current_version_id).order_by("position"))


def _in_draft_order(notes, sections) -> list[EventNote]:
    """General input first, then by the section's place in the current draft, then the input
    on sections that the current draft no longer has."""
    positions = {section.key: section.position for section in sections}

    def place(note):
        if note.section_key is None:
            return (0, note.created_at, note.pk)
        return (positions.get(note.section_key, len(positions) + 1), note.created_at, note.pk)

    return sorted(notes, key=place)


@permission_required("consultation.manage_signups", _event, pass_as="event")
def event_notes(request, pk, *, event):
    """What came out of the event, recorded as input on sections of the draft."""
    sections = _draft_sections(event)
    form = EventNoteForm(request.POST or None, sections=sections)
    if request.method == "POST" and form.is_valid():
        services.event_note_add(
            event=event,
            section=form.cleaned_section(),
            text=form.cleaned_data["text"],
            user=request.user,
        )
        messages.success(request, _("The input is recorded."))
        return redirect("consultation:event_notes", pk=event.pk)
    current_keys = {section.key for section in sections}
    return render(
        request,
        "consultation/events/notes.html",
        {
            "event": event,
            "form": form,
            "notes": _in_draft_order(
                EventNote.objects.filter(event=event).select_related("author", "version"),
                sections,
            ),
            "current_keys": current_keys,
        },
    )
