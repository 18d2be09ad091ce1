"""The hearing report (høringsnotat): HTML, DOCX and PDF, built by a Celery task.

`report_request` writes a queued row and nudges the worker after commit; `report_build` claims
the row with a conditional UPDATE (so a nudge, the periodic scan and a retry can race
harmlessly), builds the three files while it records its progress, and marks it ready.
"""

import datetime
import io
import logging
import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import escape

import docx
from celery import current_app
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.platypus import Paragraph, SimpleDocTemplate

from medborger.history import record_history

from .. import textmatch
from ..models import Hearing, HearingReport, HearingResponse

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument

    from medborger.models import User

log = logging.getLogger(__name__)

REPORT_FOLDER = "hearing-reports"
EXCERPT_CHARS = 1000


@dataclass
class ReportEntry:
    response: HearingResponse
    sender: str
    sent_by: int
    excerpt: str


@dataclass
class ThemeGroup:
    name: str
    entries: list[ReportEntry] = field(default_factory=list)


@dataclass
class SectionGroup:
    heading: str
    anchor: str
    themes: list[ThemeGroup] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len({e.response.pk for group in self.themes for e in group.entries})


@dataclass
class ReportData:
    hearing: Hearing
    generated_at: object
    received: int
    texts: int
    by_represents: list[tuple[str, int]]
    by_channel: list[tuple[str | Promise, int]]
    sections: list[SectionGroup]
    changes: list[ReportEntry]


def report_data(hearing: Hearing) -> ReportData:
    """Everything the report shows, read with a fixed number of queries.

    Near-identical copies are treated once, on their original, with the number that sent it.
    A response appears under each section it concerns and, within it, under each theme.
    """
    hearing = Hearing.objects.select_related("version__document").get(pk=hearing.pk)
    sections = list(hearing.version.sections.order_by("position"))
    visible = HearingResponse.objects.visible().filter(hearing=hearing)
    totals: Counter[str] = Counter()
    channels: Counter[str] = Counter()
    for represents, channel, copy_of in visible.values_list("represents", "channel", "copy_of"):
        totals[represents] += 1
        channels[channel] += 1
        totals["_texts"] += copy_of is None
    responses = (
        visible.originals()
        .with_copy_counts()
        .prefetch_related("themes", "sections")
        .order_by("submitted_at", "pk")
    )
    by_section: dict[int | None, dict[str, ThemeGroup]] = defaultdict(dict)
    no_theme = _("Without a theme")
    changes = []
    for response in responses:
        entry = ReportEntry(
            response=response,
            sender=response.public_sender,
            sent_by=response.copies_count + 1,
            excerpt=Truncator(response.public_text or response.text).chars(EXCERPT_CHARS),
        )
        theme_names = sorted(theme.name for theme in response.themes.all()) or [no_theme]
        section_ids = [section.pk for section in response.sections.all()] or [None]
        for section_id in section_ids:
            for name in theme_names:
                by_section[section_id].setdefault(name, ThemeGroup(name)).entries.append(entry)
        if response.leads_to_change:
            changes.append(entry)

    def groups(section_id: int | None) -> list[ThemeGroup]:
        themes = by_section.get(section_id, {})
        return [themes[name] for name in sorted(themes, key=lambda n: (n == no_theme, n))]

    section_groups = [
        SectionGroup(heading=section.heading, anchor=section.anchor, themes=groups(section.pk))
        for section in sections
    ]
    section_groups.append(
        SectionGroup(
            heading=_("The hearing draft as a whole"), anchor="hele-udkastet", themes=groups(None)
        )
    )
    represents = dict(HearingResponse.Represents.choices)
    channel_labels = dict(HearingResponse.Channel.choices)
    return ReportData(
        hearing=hearing,
        generated_at=timezone.now(),
        received=sum(v for k, v in totals.items() if k != "_texts"),
        texts=totals["_texts"],
        by_represents=[(represents[k], totals[k]) for k in represents if totals[k]],
        by_channel=[(channel_labels[k], channels[k]) for k in channel_labels if channels[k]],
        sections=[group for group in section_groups if group.themes],
        changes=changes,
    )


def _summary_lines(data: ReportData) -> list[str]:
    hearing = data.hearing
    return [
        _("%(document)s, version %(number)s. Hearing from %(opens)s to %(closes)s.")
        % {
            "document": hearing.version.document.title,
            "number": hearing.version.number,
            "opens": date_format(timezone.localtime(hearing.opens_at), "DATE_FORMAT"),
            "closes": date_format(timezone.localtime(hearing.closes_at), "DATE_FORMAT"),
        },
        _("%(received)s responses were received, %(texts)s different texts.")
        % {"received": data.received, "texts": data.texts},
    ]


def report_docx(data: ReportData) -> bytes:
    document = docx.Document()
    hearing = data.hearing
    document.add_heading(_("Hearing report: %(title)s") % {"title": hearing.title}, level=0)
    for line in _summary_lines(data):
        document.add_paragraph(line)
    for label, count in data.by_represents + data.by_channel:
        document.add_paragraph(f"{label}: {count}", style="List Bullet")
    for section in data.sections:
        document.add_heading(section.heading, level=1)
        for theme in section.themes:
            document.add_heading(theme.name, level=2)
            _docx_append(document, theme.entries)
    document.add_heading(_("Changes to the text"), level=1)
    if not data.changes:
        document.add_paragraph(_("No response leads to a change in the text."))
    for entry in data.changes:
        paragraph = document.add_paragraph(style="List Bullet")
        paragraph.add_run(f"{entry.response.reference}: ").bold = True
        paragraph.add_run(entry.response.change_description or entry.response.subject)
    output = io.BytesIO()
    document.save(output)
    return output.getvalue()


xml_safe = textmatch.strip_control_characters


def _docx_run(text: str, *, bold: bool = False, italic: bool = False) -> str:
    props = ("<w:b/>" if bold else "") + ("<w:i/>" if italic else "")
    lines = xml_safe(text).split("\n")
    body = "<w:br/>".join(f'<w:t xml:space="preserve">{escape(line)}</w:t>' for line in lines)
    return f"<w:r>{'<w:rPr>' + props + '</w:rPr>' if props else ''}{body}</w:r>"


def _docx_entry_xml(entry: ReportEntry) -> str:
    """Three paragraphs per response, written as WordprocessingML at once: adding them one
    run at a time through python-docx takes minutes for thousands of responses."""
    response = entry.response
    heading = _docx_run(f"{response.reference} · {entry.sender}", bold=True)
    if entry.sent_by > 1:
        heading += _docx_run(" · " + _("sent by %(count)s") % {"count": entry.sent_by})
    heading += "<w:r><w:br/></w:r>" + _docx_run(response.subject, italic=True)
    comment = _docx_run(_("The administration's comment:") + " ", bold=True) + _docx_run(
        response.admin_comment or _("No comment yet.")
    )
    if response.leads_to_change:
        comment += (
            "<w:r><w:br/></w:r>"
            + _docx_run(_("Leads to a change:") + " ", bold=True)
            + _docx_run(response.change_description or _("Yes"))
        )
    return f"<w:p>{heading}</w:p><w:p>{_docx_run(entry.excerpt)}</w:p><w:p>{comment}</w:p>"


def _docx_append(document: "DocxDocument", entries: list[ReportEntry]) -> None:
    xml = "".join(_docx_entry_xml(entry) for entry in entries)
    wrapper = parse_xml(f"<w:body {nsdecls('w')}>{xml}</w:body>")
    body = document.element.body
    sect_pr = body.sectPr
    for paragraph in list(wrapper):
        if sect_pr is not None:
            sect_pr.addprevious(paragraph)
        else:
            body.append(paragraph)


def _pdf_text(value: str) -> str:
    return escape(xml_safe(value)).replace("\n", "<br/>")


def report_pdf(data: ReportData) -> bytes:
    """The report as PDF, laid out with ReportLab's platypus.

    Not through `medborger.pdf.render_pdf`: xhtml2pdf parses HTML and CSS for every element
    and needs minutes for a hearing of thousands of responses; platypus takes seconds.
    """
    hearing = data.hearing
    styles = getSampleStyleSheet()
    body = styles["BodyText"]
    title = _("Hearing report: %(title)s") % {"title": hearing.title}
    story = [
        Paragraph(_pdf_text(title), styles["Title"]),
        Paragraph(
            "<br/>".join(_pdf_text(line) for line in _summary_lines(data))
            + "<br/>"
            + "<br/>".join(
                _pdf_text(f"{label}: {count}")
                for label, count in data.by_represents + data.by_channel
            ),
            body,
        ),
    ]
    comment_label = _pdf_text(_("The administration's comment:"))
    change_label = _pdf_text(_("Leads to a change:"))
    for section in data.sections:
        story.append(Paragraph(_pdf_text(section.heading), styles["Heading1"]))
        for theme in section.themes:
            story.append(Paragraph(_pdf_text(theme.name), styles["Heading2"]))
            for entry in theme.entries:
                response = entry.response
                sent_by = (
                    " · " + _pdf_text(_("sent by %(count)s") % {"count": entry.sent_by})
                    if entry.sent_by > 1
                    else ""
                )
                text = (
                    f"<b>{_pdf_text(response.reference)} · {_pdf_text(entry.sender)}</b>{sent_by}"
                    f"<br/><i>{_pdf_text(response.subject)}</i><br/>{_pdf_text(entry.excerpt)}"
                    f"<br/><b>{comment_label}</b> "
                    f"{_pdf_text(response.admin_comment or _('No comment yet.'))}"
                )
                if response.leads_to_change:
                    text += f"<br/><b>{change_label}</b> " + _pdf_text(
                        response.change_description or _("Yes")
                    )
                story.append(Paragraph(text, body))
    story.append(Paragraph(_pdf_text(_("Changes to the text")), styles["Heading1"]))
    changes = "<br/>".join(
        f"<b>{_pdf_text(e.response.reference)}:</b> "
        + _pdf_text(e.response.change_description or e.response.subject)
        for e in data.changes
    )
    story.append(
        Paragraph(changes or _pdf_text(_("No response leads to a change in the text.")), body)
    )
    footer = f"{_('Ishøj Municipality')} · {hearing.title}"

    def on_page(canvas: Any, document: Any) -> None:
        canvas.saveState()
        canvas.setFont("Helvetica", 8)
        canvas.drawString(2 * cm, 1.2 * cm, f"{footer} · {document.page}")
        canvas.restoreState()

    output = io.BytesIO()
    SimpleDocTemplate(
        output,
        pagesize=A4,
        title=title,
        leftMargin=2 * cm,
        rightMargin=2 * cm,
        topMargin=2 * cm,
        bottomMargin=2.2 * cm,
    ).build(story, onFirstPage=on_page, onLaterPages=on_page)
    return output.getvalue()


def _save(content: bytes, extension: str) -> str:
    return default_storage.save(
        f"{REPORT_FOLDER}/{uuid.uuid4().hex}.{extension}", ContentFile(content)
    )


def _progress(report_id: int, percent: int) -> None:
    HearingReport.objects.filter(pk=report_id).update(progress=percent)


def report_request(*, hearing: Hearing, user: "User") -> HearingReport:
    """Ask for a new report; while one is waiting or being built, that one is returned."""
    with transaction.atomic():
        Hearing.objects.select_for_update().get(pk=hearing.pk)
        pending = hearing.reports.filter(
            status__in=[HearingReport.Status.QUEUED, HearingReport.Status.RUNNING]
        ).first()
        if pending is not None:
            return pending
        report = HearingReport(hearing=hearing, requested_by=user)
        record_history(report, user=user, reason=_("Hearing report requested"))
        report.save()
        transaction.on_commit(lambda: _nudge(report.pk))
    return report


def _nudge(report_id: int) -> None:
    # Queued by name: the task module calls this one, so this one does not import it.
    try:
        current_app.send_task("consultation.build_hearing_report", args=[report_id], retry=False)
    except Exception:  # noqa: BLE001 - the periodic scan builds it when the broker is back
        log.warning("Broker unreachable; hearing report %s waits for the scan.", report_id)


def _claimable(now: datetime.datetime) -> Q:
    stale = now - datetime.timedelta(minutes=settings.HEARING_REPORT_STALE_MINUTES)
    return Q(status=HearingReport.Status.QUEUED) | Q(
        status=HearingReport.Status.RUNNING, started_at__lt=stale
    )


def report_build(*, report_id: int, now: datetime.datetime | None = None) -> bool:
    """Claim and build one report. Returns True if this call built it."""
    now = now or timezone.now()
    claimed = (
        HearingReport.objects.filter(_claimable(now))
        .filter(pk=report_id)
        .update(status=HearingReport.Status.RUNNING, started_at=now, progress=5, error="")
    )
    if claimed != 1:
        return False
    report = HearingReport.objects.select_related("hearing").get(pk=report_id)
    try:
        with translation.override(settings.LANGUAGE_CODE):
            data = report_data(report.hearing)
            _progress(report_id, 25)
            context = {"data": data, "hearing": data.hearing}
            html_name = _save(
                render_to_string("consultation/hearings/report/report.html", context).encode(),
                "html",
            )
            _progress(report_id, 40)
            docx_name = _save(report_docx(data), "docx")
            _progress(report_id, 60)
            pdf_name = _save(report_pdf(data), "pdf")
    except Exception as exc:
        log.exception("Building hearing report %s failed", report_id)
        HearingReport.objects.filter(pk=report_id).update(
            status=HearingReport.Status.FAILED, error=f"{type(exc).__name__}: {exc}"[:2000]
        )
        return False
    HearingReport.objects.filter(pk=report_id, status=HearingReport.Status.RUNNING).update(
        status=HearingReport.Status.DONE,
        progress=100,
        finished_at=timezone.now(),
        responses_count=data.received,
        html_file=html_name,
        docx_file=docx_name,
        pdf_file=pdf_name,
    )
    return True


def report_build_pending(*, now: datetime.datetime | None = None) -> int:
    """Periodic: build every report still waiting (its nudge may never have reached a worker)."""
    now = now or timezone.now()
    ids = list(
        HearingReport.objects.filter(_claimable(now))
        .order_by("requested_at")
        .values_list("pk", flat=True)
    )
    return sum(report_build(report_id=report_id, now=now) for report_id in ids)
