"""Forms for documents: the section editor, particulars, workflow steps and review comments.

The editor is a formset of sections. Without JavaScript each section is a heading field and a
textarea with the HTML; with JavaScript the textarea becomes a WYSIWYG editor that writes back
into it. Whatever arrives is checked here (limits, empty and duplicate headings, broken HTML,
pasted Word markup, forged section identities) and sanitised again in `version_save`.
"""

import re
import uuid
from html.parser import HTMLParser

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from policy.models import Document, Section
from policy.services import SectionInput, normalise_body

#: The largest section body accepted, in characters of sanitised HTML.
MAX_SECTION_CHARS = 200_000
#: Sections in one document; far above any real policy, low enough to bound a request.
MAX_SECTIONS = 300
HEADING_MAX = Section._meta.get_field("heading").max_length

_WORD_MARKUP = re.compile(
    r"class=\"?Mso|mso-[a-z-]+\s*:|<o:p|</?w:|urn:schemas-microsoft-com|<!--\[if|<xml>", re.I
)
_VOID_TAGS = {"br", "hr", "img", "input", "meta", "link", "col", "wbr", "source", "area"}


class _BalanceChecker(HTMLParser):
    """Finds tags that are never closed or closed in the wrong order."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.broken = False

    def handle_starttag(self, tag, attrs):
        if tag not in _VOID_TAGS:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        pass

    def handle_endtag(self, tag):
        if tag in _VOID_TAGS:
            return
        if self.stack and self.stack[-1] == tag:
            self.stack.pop()
        else:
            self.broken = True


def is_broken_html(value: str) -> bool:
    checker = _BalanceChecker()
    checker.feed(value)
    checker.close()
    return checker.broken or bool(checker.stack)


def has_word_markup(value: str) -> bool:
    return bool(_WORD_MARKUP.search(value))


TOO_LONG = _(
    "The text is too long: %(length)s characters, at most %(limit)s. "
    "Split it into several sections."
)
WORD_MARKUP = _(
    "The text was pasted from Word with formatting that cannot be saved. We have removed the "
    "formatting and kept the text: check it and save again."
)
BROKEN_HTML = _(
    "The text contained broken HTML (a tag that was not closed or closed in the wrong place). "
    "We have repaired it and kept the text: check it and save again."
)
DUPLICATE_HEADING = _(
    "Another section is also called “%(heading)s”. Give the sections different headings."
)
FORGED = _("The form does not match this document. Reload the editor.")


def _thousands(number: int) -> str:
    return f"{number:,}".replace(",", ".")


class SectionForm(forms.Form):
    key = forms.CharField(required=False, widget=forms.HiddenInput)
    position = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)
    heading = forms.CharField(
        label=_("Section heading"),
        max_length=HEADING_MAX,
        error_messages={
            "required": _("Write a heading for the section."),
            "max_length": _(
                "The heading can be at most %(limit_value)d characters (it has %(show_value)d)."
            ),
        },
    )
    body = forms.CharField(
        label=_("Text"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8, "class": "form-control section-body"}),
        help_text=_("Headings, bold, italic, lists, links and tables are kept."),
    )

    def clean_key(self):
        value = self.cleaned_data["key"]
        if not value:
            return None
        try:
            return uuid.UUID(value)
        except ValueError:
            raise ValidationError(
                _("This section does not belong to the document."), code="forged"
            ) from None

    def clean_body(self):
        value = self.cleaned_data["body"] or ""
        # A very long raw text is refused before sanitising it; most of a pasted Word document
        # is markup, so the limit that counts is the one on the sanitised text below.
        cleaned = normalise_body(value) if len(value) <= MAX_SECTION_CHARS * 4 else value
        if len(cleaned) > MAX_SECTION_CHARS:
            raise ValidationError(
                TOO_LONG,
                params={"length": _thousands(len(cleaned)), "limit": _thousands(MAX_SECTION_CHARS)},
                code="too_long",
            )
        if has_word_markup(value):
            self._show_instead(cleaned)
            raise ValidationError(WORD_MARKUP, code="word_markup")
        if is_broken_html(value):
            self._show_instead(cleaned)
            raise ValidationError(BROKEN_HTML, code="broken_html")
        return cleaned

    def _show_instead(self, cleaned: str) -> None:
        """Put the repaired text in the field, so the next save sends it (nothing is lost)."""
        self.data[self.add_prefix("body")] = cleaned


class BaseSectionFormSet(forms.BaseFormSet):
    def __init__(self, *args, document: Document, **kwargs):
        if args and args[0] is not None:
            args = (args[0].copy(), *args[1:])
        elif kwargs.get("data") is not None:
            kwargs["data"] = kwargs["data"].copy()
        super().__init__(*args, **kwargs)
        self.document = document
        self.forged = False

    def ordered_forms(self):
        """Forms in the order the editor shows them (their position), without removed ones."""
        kept = [form for form in self.forms if not self._should_delete_form(form)]
        return sorted(
            kept,
            key=lambda form: (form.cleaned_data.get("position") or 0, self.forms.index(form)),
        )

    def clean(self):
        if any(self.errors):
            if any(form.has_error("key", code="forged") for form in self.forms):
                self.forged = True
                raise ValidationError(FORGED, code="forged")
            return
        forms_ = self.ordered_forms()
        keys = [form.cleaned_data["key"] for form in forms_ if form.cleaned_data.get("key")]
        if len(keys) != len(set(keys)):
            self.forged = True
            raise ValidationError(FORGED, code="forged")
        if keys:
            known = set(
                Section.objects.filter(version__document=self.document, key__in=keys)
                .values_list("key", flat=True)
                .distinct()
            )
            if set(keys) - known:
                self.forged = True
                raise ValidationError(FORGED, code="forged")
        seen: dict[str, SectionForm] = {}
        for form in forms_:
            heading = " ".join(form.cleaned_data["heading"].split()).casefold()
            if heading in seen:
                message = DUPLICATE_HEADING % {"heading": form.cleaned_data["heading"].strip()}
                form.add_error("heading", message)
                if not seen[heading].has_error("heading"):
                    seen[heading].add_error("heading", message)
            else:
                seen[heading] = form
        if any(form.errors for form in forms_):
            raise ValidationError(
                _("Some sections need attention before the document can be saved."), code="sections"
            )

    def section_inputs(self) -> list[SectionInput]:
        return [
            SectionInput(
                heading=form.cleaned_data["heading"],
                body=form.cleaned_data["body"],
                key=form.cleaned_data["key"] or uuid.uuid4(),
            )
            for form in self.ordered_forms()
        ]

    def raw_rows(self) -> list[dict]:
        """What the user sent for each section, unvalidated, in display order (for re-display)."""
        rows = []
        for index, form in enumerate(self.forms):
            value = lambda name, form=form: self.data.get(form.add_prefix(name), "")  # noqa: E731
            try:
                position = int(value("position") or index)
            except ValueError:
                position = index
            rows.append(
                {
                    "key": value("key"),
                    "heading": value("heading"),
                    "body": value("body"),
                    "position": position,
                    "DELETE": bool(value("DELETE")),
                    "_index": index,
                }
            )
        rows.sort(key=lambda row: (row["position"], row["_index"]))
        return rows


SectionFormSet = forms.formset_factory(
    SectionForm,
    formset=BaseSectionFormSet,
    extra=0,
    can_delete=True,
    max_num=MAX_SECTIONS,
    validate_max=True,
    absolute_max=MAX_SECTIONS,
)
SECTIONS_PREFIX = "sections"


def section_formset(*, document, data=None, initial=None) -> BaseSectionFormSet:
    return SectionFormSet(data, initial=initial, document=document, prefix=SECTIONS_PREFIX)


def initial_rows(sections) -> list[dict]:
    return [
        {"key": str(section.key), "heading": section.heading, "body": section.body, "position": i}
        for i, section in enumerate(sections)
    ]


class VersionMetaForm(forms.Form):
    """The version the editor started from, and the optional label and change note."""

    base_number = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    label = forms.CharField(
        label=_("Label (optional)"),
        max_length=200,
        required=False,
        help_text=_("For example “Draft for the steering group” or “Hearing draft”."),
    )
    change_note = forms.CharField(
        label=_("What did you change? (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class DocumentForm(forms.ModelForm):
    class Meta:
        model = Document
        fields = [
            "title",
            "kind",
            "case_officer_name",
            "case_officer_phone",
            "case_officer_email",
            "journal_number",
            "document_date",
        ]
        widgets = {"document_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}
        help_texts = {"journal_number": _("In the KLE form, for example 00.01.00-A30-1-18.")}


class TransitionForm(forms.Form):
    to_status = forms.ChoiceField(label=_("New status"), choices=())
    #: The version the page showed: approving approves exactly that one.
    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    note = forms.CharField(
        label=_("Note (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, allowed: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(Document.Status.choices)
        self.fields["to_status"].choices = [(status, labels[status]) for status in allowed]


class CommentForm(forms.Form):
    section = forms.UUIDField(widget=forms.HiddenInput)
    body = forms.CharField(
        label=_("Comment"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Write a comment first.")},
    )


class ResolveCommentForm(forms.Form):
    note = forms.CharField(
        label=_("How was it dealt with? (optional)"), required=False, max_length=2000
    )
