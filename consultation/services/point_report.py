"""The høringsnotat generated from the points, in the Danish form (lovkvalitet.dk, 9.1.6):

1. introduction: the hearing window, the version, the responses by channel and respondent kind;
2. the consulted parties (the revision's stakeholders matched to their responses) and whether
   each answered;
3. per section and theme, each point's summary with the references behind it, the assessment,
   the disposition and the resulting wording.

DOCX (Word's own heading styles and a table of contents field, so staff finish it in Word),
PDF and HTML. The data is read in a fixed number of queries.
"""

import functools
import io
import zipfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import escape

import docx
from django.db.models import Count, QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Table

from medborger.exports import _Sink
from medborger.html import html_to_text

from .. import textmatch
from ..models import ConsultedParty, Hearing, HearingResponse, Point
from ..outcome import SectionOutcome, answering_version, outcome_by_section, references_of
from ..outcome import points_with_references as _with_references

if TYPE_CHECKING:
    from docx.document import Document as WordDocument

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@dataclass
class ReportPoint:
    summary: str
    references: str
    assessment: str
    disposition: str
    reason: str
    wording: str


@dataclass
class ThemeBlock:
    name: str
    points: list[ReportPoint] = field(default_factory=list)


@dataclass
class ReportSection:
    heading: str
    removed: bool
    themes: list[ThemeBlock]


@dataclass
class PointReport:
    hearing: Hearing
    introduction: list[str]
    by_channel: list[tuple[str, int]]
    by_represents: list[tuple[str, int]]
    parties: list[tuple[str, str, str]]
    sections: list[ReportSection]

    @property
    def title(self) -> str:
        return _("Hearing report: %(title)s") % {"title": self.hearing.title}


def _wording(group: SectionOutcome, changes: list) -> str:
    """The section's resulting wording, if the point is linked to a change (`changes`)."""
    if group.removed:
        return _("The section has been removed.")
    if group.change is None or not changes:
        return ""
    assert group.change.new is not None
    return html_to_text(group.change.new.body)


def _counts(
    rows: list[tuple[str, str, int]], index: int, choices: Sequence[tuple[str, Any]]
) -> list[tuple[str, int]]:
    """The responses counted by one of the two columns of `_channel_counts`' rows."""
    totals: dict[str, int] = {}
    for row in rows:
        value = str(row[index])
        totals[value] = totals.get(value, 0) + row[2]
    return [(label, totals[value]) for value, label in choices if totals.get(value)]


def _channel_counts(responses: QuerySet[HearingResponse]) -> list[tuple[str, str, int]]:
    """(channel, represents, count) in one pass over the responses: at 10,000 responses one
    GROUP BY instead of one per column."""
    return list(responses.order_by().values_list("channel", "represents").annotate(n=Count("pk")))


#: The columns of a point the report reads (`references_of`, `outcome_by_section`, the
#: `ReportPoint`s).
_REPORT_FIELDS = (
    "source",
    "response_id",
    "response__reference",
    "section_key",
    "section_heading",
    "summary",
    "text",
    "assessment",
    "disposition",
    "reason",
    "change_elsewhere",
    "theme__name",
)


def _display(labels: dict, value: Any) -> str:
    """`get_FOO_display()` with the choices' labels looked up once for every point."""
    label = labels.get(value, value)
    return str(label) if label is not None else ""


def report_data(hearing: Hearing) -> PointReport:
    responses = HearingResponse.objects.filter(hearing=hearing).visible()
    version = hearing.version
    new_version = answering_version(hearing)
    counted = _channel_counts(responses)
    by_channel = _counts(counted, 0, HearingResponse.Channel.choices)
    by_represents = _counts(counted, 1, HearingResponse.Represents.choices)
    received = sum(count for _label, count in by_channel)
    introduction = [
        _("%(document)s, version %(number)s. Hearing from %(opens)s to %(closes)s.")
        % {
            "document": version.document.title,
            "number": version.number,
            "opens": date_format(timezone.localtime(hearing.opens_at), "DATE_FORMAT"),
            "closes": date_format(timezone.localtime(hearing.closes_at), "DATE_FORMAT"),
        },
        _("%(received)s responses were received.") % {"received": received},
    ]
    if new_version is not None:
        introduction.append(
            _("The resulting wording is that of version %(number)s.")
            % {"number": new_version.number}
        )
    parties = [
        (
            party.stakeholder.name,
            party.stakeholder.get_kind_display(),
            party.response.reference if party.response is not None else _("Did not answer"),
        )
        for party in ConsultedParty.objects.filter(hearing=hearing)
        .select_related("stakeholder", "response")
        .order_by("stakeholder__name")
    ]
    # Points with `merged_list` and `changes_list` (`points_with_references`' lists).
    points = list(
        _with_references(Point.objects.active().filter(hearing=hearing), to_attr=True)
        # Only what the report shows: at 2,000 points the responses' text and search vectors
        # were most of the rows read.
        .select_related(None)
        .select_related("response", "theme")
        .only(*_REPORT_FIELDS)
        .order_by("pk")
    )
    dispositions = dict(Point._meta.get_field("disposition").flatchoices)
    not_decided = _("Not decided yet")
    sections = []
    for group in outcome_by_section(hearing, points, new_version=new_version):
        themes: dict[str, ThemeBlock] = {}
        read: list[Any] = group.points  # with their lists
        for point in read:
            name = point.theme.name if point.theme is not None else _("Other points")
            themes.setdefault(name, ThemeBlock(name)).points.append(
                ReportPoint(
                    summary=point.summary or point.text,
                    references=references_of(point, point.merged_list),
                    assessment=point.assessment,
                    disposition=_display(dispositions, point.disposition) or not_decided,
                    reason=point.reason or point.change_elsewhere,
                    wording=_wording(group, point.changes_list),
                )
            )
        sections.append(
            ReportSection(
                heading=group.heading,
                removed=group.removed,
                themes=sorted(themes.values(), key=lambda t: (t.name == _("Other points"), t.name)),
            )
        )
    return PointReport(
        hearing=hearing,
        introduction=introduction,
        by_channel=by_channel,
        by_represents=by_represents,
        parties=parties,
        sections=sections,
    )


# --- DOCX -----------------------------------------------------------------------------------

xml_safe = textmatch.strip_control_characters


def _run(text: str, *, bold: bool = False, italic: bool = False) -> str:
    props = ("<w:b/>" if bold else "") + ("<w:i/>" if italic else "")
    lines = xml_safe(text).split("\n")
    body = "<w:br/>".join(f'<w:t xml:space="preserve">{escape(line)}</w:t>' for line in lines)
    return f"<w:r>{'<w:rPr>' + props + '</w:rPr>' if props else ''}{body}</w:r>"


def _paragraph(text: str, style: str = "") -> str:
    """A paragraph in a style of the default template, by its id ("Heading2", "ListBullet"),
    as `Document.add_paragraph`/`add_heading` write it."""
    props = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
    return f"<w:p>{props}{_run(text)}</w:p>"


def _heading(text: str, level: int) -> str:
    return _paragraph(text, f"Heading{level}")


def _labelled(label: str, text: str) -> str:
    return f"<w:p>{_run(label + ' ', bold=True)}{_run(text)}</w:p>"


def _point_labels() -> tuple[str, str, str, str, str]:
    """The labels of a point's paragraphs, translated once for the whole report."""
    return (
        _("Responses:"),
        _("Assessment:"),
        _("Disposition:"),
        _("Reason:"),
        _("Resulting wording:"),
    )


def _point_xml(point: ReportPoint, labels: tuple[str, str, str, str, str]) -> str:
    """A point's paragraphs as WordprocessingML at once (python-docx run by run is slow)."""
    responses, assessment, disposition, reason, wording = labels
    xml = f"<w:p>{_run(point.summary, bold=True)}</w:p>"
    xml += _labelled(responses, point.references)
    if point.assessment:
        xml += _labelled(assessment, point.assessment)
    xml += _labelled(disposition, point.disposition)
    if point.reason:
        xml += _labelled(reason, point.reason)
    if point.wording:
        xml += _labelled(wording, point.wording)
    return xml


def _append_xml(document: "WordDocument", xml: str) -> None:
    wrapper = parse_xml(f"<w:body {nsdecls('w')}>{xml}</w:body>")
    body = document.element.body
    sect_pr = body.sectPr
    for element in list(wrapper):
        if sect_pr is not None:
            sect_pr.addprevious(element)
        else:
            body.append(element)


def _toc_field(document: "WordDocument") -> None:
    """A table of contents field over headings 1–3; Word fills it in when the file opens."""
    paragraph = document.add_paragraph()
    paragraph._p.append(
        parse_xml(f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="begin" w:dirty="true"/></w:r>')
    )
    paragraph._p.append(
        parse_xml(
            f'<w:r {nsdecls("w")}><w:instrText xml:space="preserve">'
            ' TOC \\o "1-3" \\h \\z \\u </w:instrText></w:r>'
        )
    )
    paragraph._p.append(
        parse_xml(f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="separate"/></w:r>')
    )
    paragraph._p.append(
        parse_xml(
            f"<w:r {nsdecls('w')}><w:t>"
            + escape(_("Right-click to update the table of contents."))
            + "</w:t></w:r>"
        )
    )
    paragraph._p.append(parse_xml(f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="end"/></w:r>'))


def _document_xml(report: PointReport) -> tuple[bytes, bytes]:
    """word/document.xml before and after the points: the title, the table of contents, the
    introduction and the consulted parties as python-docx writes them, then the section
    properties that end the body."""
    document = docx.Document()
    document.add_heading(report.title, level=0)
    document.add_paragraph(_("Contents"), style="Subtitle")
    _toc_field(document)
    # Paragraphs are written as WordprocessingML and parsed once per block: python-docx's
    # `add_heading`/`add_paragraph` look the style up by name every time, which was most of
    # the report's time at 10,000 responses (bench/README.md, "Issue 15 profiles").
    _append_xml(
        document,
        _heading(_("Introduction"), 1)
        + "".join(_paragraph(line) for line in report.introduction)
        + "".join(
            _paragraph(f"{label}: {count}", "ListBullet")
            for label, count in report.by_channel + report.by_represents
        )
        + _heading(_("Consulted parties"), 1),
    )
    if report.parties:
        table = document.add_table(rows=1, cols=3)
        table.style = "Table Grid"
        for cell, text in zip(
            table.rows[0].cells, (_("Party"), _("Kind"), _("Response")), strict=True
        ):
            cell.text = text
        for row in report.parties:
            cells = table.add_row().cells
            for cell, text in zip(cells, row, strict=True):
                cell.text = text
    else:
        document.add_paragraph(_("No consulted parties are recorded."))
    xml = document.part.blob
    end = xml.rindex(b"<w:sectPr")  # the body's last child
    return xml[:end], xml[end:]


def _points_xml(report: PointReport) -> Iterator[str]:
    """The points part of the body, a section at a time."""
    labels = _point_labels()
    yield _heading(_("The points and how they were met"), 1)
    for section in report.sections:
        xml = [_heading(section.heading, 2)]
        if section.removed:
            xml.append(_paragraph(_("The section has been removed.")))
        for theme in section.themes:
            xml.append(_heading(theme.name, 3))
            xml.extend(_point_xml(point, labels) for point in theme.points)
        yield "".join(xml)


_DOCUMENT_PART = "word/document.xml"
#: The compressed document is sent on in chunks of about this size.
_DOCX_CHUNK = 64 * 1024


@functools.cache
def _template_parts() -> tuple[tuple[str, bytes], ...]:
    """Every part of python-docx's default document but word/document.xml, in its order: the
    report changes none of them (its styles are the template's)."""
    output = io.BytesIO()
    docx.Document().save(output)
    with zipfile.ZipFile(output) as archive:
        return tuple(
            (info.filename, archive.read(info))
            for info in archive.infolist()
            if info.filename != _DOCUMENT_PART
        )


def report_docx_chunks(build: Callable[[], PointReport]) -> Iterator[bytes]:
    """The høringsnotat as a DOCX, a stream of bytes: the template's parts leave before
    `build()` reads the points, and word/document.xml is compressed and sent on a section at
    a time, so the first byte does not wait for the size of the hearing."""
    sink = _Sink()
    with zipfile.ZipFile(sink, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in _template_parts():
            archive.writestr(name, data)
        yield sink.drain()
        report = build()
        before, after = _document_xml(report)
        with archive.open(_DOCUMENT_PART, "w") as part:
            part.write(before)
            for xml in _points_xml(report):
                part.write(xml.encode())
                if sink.size >= _DOCX_CHUNK:
                    yield sink.drain()
            part.write(after)
        yield sink.drain()
    yield sink.drain()


def report_docx(report: PointReport) -> bytes:
    return b"".join(report_docx_chunks(lambda: report))


# --- PDF ------------------------------------------------------------------------------------


def _pdf(value: str) -> str:
    return escape(xml_safe(value)).replace("\n", "<br/>")


def report_pdf(report: PointReport) -> bytes:
    styles = getSampleStyleSheet()
    body = styles["BodyText"]
    story = [Paragraph(_pdf(report.title), styles["Title"])]
    story.append(Paragraph(_pdf(_("Introduction")), styles["Heading1"]))
    story.append(
        Paragraph(
            "<br/>".join(
                [_pdf(line) for line in report.introduction]
                + [_pdf(f"{label}: {n}") for label, n in report.by_channel + report.by_represents]
            ),
            body,
        )
    )
    story.append(Paragraph(_pdf(_("Consulted parties")), styles["Heading1"]))
    if report.parties:
        story.append(
            Table(
                [[_("Party"), _("Kind"), _("Response")]] + [list(row) for row in report.parties],
                style=[("GRID", (0, 0), (-1, -1), 0.5, "#666666")],
            )
        )
    else:
        story.append(Paragraph(_pdf(_("No consulted parties are recorded.")), body))
    story.append(Paragraph(_pdf(_("The points and how they were met")), styles["Heading1"]))
    for section in report.sections:
        story.append(Paragraph(_pdf(section.heading), styles["Heading2"]))
        if section.removed:
            story.append(Paragraph(_pdf(_("The section has been removed.")), body))
        for theme in section.themes:
            story.append(Paragraph(_pdf(theme.name), styles["Heading3"]))
            for point in theme.points:
                lines = [f"<b>{_pdf(point.summary)}</b>"]
                lines.append(f"<b>{_pdf(_('Responses:'))}</b> {_pdf(point.references)}")
                if point.assessment:
                    lines.append(f"<b>{_pdf(_('Assessment:'))}</b> {_pdf(point.assessment)}")
                lines.append(f"<b>{_pdf(_('Disposition:'))}</b> {_pdf(point.disposition)}")
                if point.reason:
                    lines.append(f"<b>{_pdf(_('Reason:'))}</b> {_pdf(point.reason)}")
                if point.wording:
                    lines.append(f"<b>{_pdf(_('Resulting wording:'))}</b> {_pdf(point.wording)}")
                story.append(Paragraph("<br/>".join(lines), body))
    footer = f"{_('Ishøj Municipality')} · {report.hearing.title}"

    def on_page(canvas: Any, document: Any) -> None:
        canvas.saveState()
        canvas.setFont("Helvetica", 8)
        canvas.drawString(2 * cm, 1.2 * cm, f"{footer} · {document.page}")
        canvas.restoreState()

    output = io.BytesIO()
    SimpleDocTemplate(
        output,
        pagesize=A4,
        title=report.title,
        leftMargin=2 * cm,
        rightMargin=2 * cm,
        topMargin=2 * cm,
        bottomMargin=2.2 * cm,
    ).build(story, onFirstPage=on_page, onLaterPages=on_page)
    return output.getvalue()
