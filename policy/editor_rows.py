"""The section rows of the document editor, built in Python.

A document has up to a hundred sections; the template engine spent about 0.6 ms on each row
(some 60 variable lookups through the form's bound fields, two includes). Here the labels are
translated once per page and a row is one `format_html`. The markup is the one the template
`_section_row.html` had; a row's open review comments and hearing points (few rows have any)
are still rendered by their templates.
"""

from collections.abc import Iterable
from typing import Any

from django.template.loader import get_template
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from medborger import stamps

from .forms.documents import initial_rows, section_formset


def _errors(auto_id: str, errors) -> SafeString:
    if not errors:
        return mark_safe("")
    return format_html(
        '\n<div class="invalid-feedback d-block" id="{}-errors">{}</div>',
        auto_id,
        format_html_join("", '<p class="mb-1">{}</p>', ((error,) for error in errors)),
    )


#: The stamp of the editor's cached rows (`cached_parts`): bumped when a version or its sections
#: are written (policy/signals.py; `version_save` saves the version in the transaction that
#: bulk-creates its sections).
EDITOR_ROWS_STAMP = "policy-editor-rows"


def cached_parts(document, version, *, max_section_chars: int) -> list[tuple[str, tuple[str, str]]]:
    """The editor's rows of an unchanged `version`, each as (section key, its parts), from the
    cache while the stamp holds: a version's sections do not change once it is saved, and the
    rows were most of the editor's time at 100 sections. Their comments and hearing points,
    which change, are put between the parts per request (`SectionRows.join`)."""

    def build():
        sections = list(version.sections.all())
        formset = section_formset(document=document, initial=initial_rows(sections))
        builder = SectionRows(formset=formset, max_section_chars=max_section_chars)
        return [
            (str(form["key"].value()), builder.parts(form, index=index, number=index + 1))
            for index, form in enumerate(formset.forms)
        ]

    return stamps.cached(EDITOR_ROWS_STAMP, f"{version.pk}:{get_language()}", build)


class SectionRows:
    """Renders the editor's rows; the labels are looked up once."""

    def __init__(self, *, formset, max_section_chars: int, answered: Iterable[int] = ()):
        self.answered = set(answered)
        empty = formset.empty_form
        self.heading_label = escape(empty["heading"].label)
        self.body_label = escape(empty["body"].label)
        self.section = escape(_("Section"))
        self.move_up, self.move_down = escape(_("Move up")), escape(_("Move down"))
        self.remove = escape(_("Remove this section when saving"))
        self.body_help = escape(
            _(
                "HTML. Headings, bold, italic, lists, links and tables are kept; at most "
                "%(limit)s characters."
            )
            % {"limit": max_section_chars}
        )
        self._comments = get_template("policy/documents/_section_comments.html")
        self._points = get_template("policy/documents/_section_points.html")

    def row(self, form, *, comments=(), points=(), index: Any, number: int) -> SafeString:
        return self.join(self.parts(form, index=index, number=number), comments, points)

    def join(self, parts: tuple[str, str], comments=(), points=()) -> SafeString:
        """A row from its parts, with its open review comments and hearing points between."""
        extras = ""
        if comments:
            extras += self._comments.render({"comments": comments})
        if points:
            extras += self._points.render({"points": points, "answered": self.answered})
        head, tail = parts
        return mark_safe(head + extras + tail)  # extras: rendered by templates with autoescape

    def parts(self, form, *, index: Any, number: int) -> tuple[str, str]:
        """A row's markup before and after the place of its comments and hearing points (the
        page caches the parts of an unchanged version's rows, see `cached_rows`)."""
        prefix = form.prefix
        auto = form.auto_id

        def ids(name: str) -> tuple[str, str]:
            html_name = form.add_prefix(name)
            return html_name, (auto % html_name if auto else "")

        key_name, key_id = ids("key")
        position_name, position_id = ids("position")
        heading_name, heading_id = ids("heading")
        body_name, body_id = ids("body")
        delete_name, delete_id = ids("DELETE")
        errors = form.errors if form.is_bound else {}
        heading_errors, body_errors = errors.get("heading"), errors.get("body")
        key = form["key"].value()
        position = form["position"].value()
        if position is None or position == "":
            position = number - 1
        heading = form["heading"].value()
        body = form["body"].value()
        # One str.format of values escaped here (format_html would escape every label and
        # number of every row again: a third of the editor's time at 100 sections).
        # Every value below is escaped or built by format_html.
        values = {
            "prefix": escape(prefix),
            "section": self.section,
            "number": number,
            "key_name": escape(key_name),
            "key": format_html(' value="{}"', key) if key is not None and key != "" else "",
            "key_id": escape(key_id),
            "position_name": escape(position_name),
            "position_id": escape(position_id),
            "position": escape(position),
            "heading_id": escape(heading_id),
            "heading_label": self.heading_label,
            "heading_invalid": " is-invalid" if heading_errors else "",
            "heading_name": escape(heading_name),
            "heading": escape("" if heading is None else heading),
            "heading_aria": format_html(
                ' aria-invalid="true" aria-describedby="{}-errors"', heading_id
            )
            if heading_errors
            else "",
            "heading_errors": _errors(heading_id, heading_errors),
            "body_id": escape(body_id),
            "body_label": self.body_label,
            "body_invalid": " is-invalid" if body_errors else "",
            "body_name": escape(body_name),
            "body_described": format_html(" {}-errors", body_id) if body_errors else "",
            "body_aria": ' aria-invalid="true"' if body_errors else "",
            "body": escape("" if body is None else body),
            "body_help": self.body_help,
            "body_errors": _errors(body_id, body_errors),
            "index": escape(index),
            "move_up": self.move_up,
            "move_down": self.move_down,
            "delete_name": escape(delete_name),
            "delete_id": escape(delete_id),
            "checked": " checked" if form["DELETE"].value() else "",
            "remove": self.remove,
        }
        return ROW_HEAD.format(**values), ROW_TAIL.format(**values)


#: A section row of the editor (the markup `_section_row.html` had).
ROW = (
    '<fieldset class="editor-section card mb-4" data-section '
    'aria-labelledby="{prefix}-legend">\n'
    '<legend class="card-header h5 mb-0 w-100" id="{prefix}-legend">{section} '
    "<span data-section-number>{number}</span></legend>\n"
    '<div class="card-body">\n'
    '<input type="hidden" name="{key_name}"{key} id="{key_id}">\n'
    '<input type="hidden" name="{position_name}" id="{position_id}" value="{position}" '
    "data-position>\n"
    '<div class="mb-3">\n'
    '<label class="form-label fw-semibold" for="{heading_id}">{heading_label}</label>\n'
    '<input type="text" class="form-control{heading_invalid}" name="{heading_name}" '
    'id="{heading_id}" value="{heading}" maxlength="300" required data-heading'
    "{heading_aria}>{heading_errors}\n"
    "</div>\n"
    '<div class="mb-3">\n'
    '<label class="form-label fw-semibold" id="{body_id}-label" for="{body_id}">'
    "{body_label}</label>\n"
    '<textarea class="form-control section-body{body_invalid}" name="{body_name}" '
    'id="{body_id}" rows="8" data-body aria-describedby="{body_id}-help{body_described}"'
    "{body_aria}>{body}</textarea>\n"
    '<div class="form-text" id="{body_id}-help">{body_help}</div>{body_errors}\n'
    "</div>\n"
    "{extras}"
    '<div class="section-controls d-flex flex-wrap gap-2 align-items-center">\n'
    '<button type="submit" class="btn btn-outline-secondary btn-sm" name="move" '
    'value="{index}:up" data-move="up">{move_up}<span class="visually-hidden">: '
    "{section} <span data-section-number>{number}</span></span></button>\n"
    '<button type="submit" class="btn btn-outline-secondary btn-sm" name="move" '
    'value="{index}:down" data-move="down">{move_down}<span class="visually-hidden">: '
    "{section} <span data-section-number>{number}</span></span></button>\n"
    '<div class="form-check ms-auto">\n'
    '<input class="form-check-input" type="checkbox" name="{delete_name}" '
    'id="{delete_id}"{checked} data-delete>\n'
    '<label class="form-check-label" for="{delete_id}">{remove}</label>\n'
    "</div>\n</div>\n</div>\n</fieldset>\n"
)

#: The row before and after its comments and hearing points.
ROW_HEAD, ROW_TAIL = ROW.split("{extras}")
