"""Forms of the hearings: the public response form and the staff forms around it."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from consultation.models import Hearing, HearingResponse, Theme
from consultation.services.hearings import MAX_ATTACHMENTS, RESPONSE_FORM
from medborger.texts import translation_languages
from medborger.uploads import UploadRefused, clean_filename, validate_upload
from policy.models import Document, Section

TOKEN_SALT = RESPONSE_FORM.stamp_salt
ACCEPT = ".pdf,.docx,.odt,.png,.jpg,.jpeg"


def form_token_issue(hearing: Hearing) -> str:
    """A signed one-time token: which form, for which hearing, handed out when."""
    return RESPONSE_FORM.stamp_issue(scope=hearing.pk)


def form_token_read(raw: str, hearing: Hearing):
    return RESPONSE_FORM.stamp_read(raw, scope=hearing.pk)


def default_privacy_notice() -> str:
    return str(
        _(
            "<p>The municipality uses your response and your information to process the "
            "hearing. Hearing responses are public records: after the deadline they are "
            "published on this site with your name, without it, or not at all, as you choose. "
            "Your e-mail address and address are never published. Your personal data is "
            "deleted when the retention period of the hearing ends.</p>"
        )
    )


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class AttachmentsField(forms.FileField):
    """Up to MAX_ATTACHMENTS files, each checked by content (PDF, DOCX, ODT, PNG, JPEG)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ACCEPT}))
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        uploads = [item for item in (data if isinstance(data, list | tuple) else [data]) if item]
        if len(uploads) > MAX_ATTACHMENTS:
            raise ValidationError(
                _("You can attach at most %(max)s files."), params={"max": MAX_ATTACHMENTS}
            )
        errors = []
        for upload in uploads:
            super().clean(upload, initial)
            try:
                validate_upload(upload)
            except UploadRefused as error:
                # Code "upload_refused": `form.has_error("attachments", "upload_refused")` tells
                # a public form's limits that a refused upload was posted.
                name = clean_filename(upload.name)
                errors.extend(
                    ValidationError(f"{name}: {message}", code="upload_refused")
                    for message in error.messages
                )
        if errors:
            raise ValidationError(errors)
        return uploads


class SectionChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.heading


class ResponseForm(forms.Form):
    """The public hearing response form, as Danish hearing portals ask it."""

    name = forms.CharField(label=_("Your name"), max_length=200)
    email = forms.EmailField(
        label=_("E-mail"),
        help_text=_("We send your receipt here. It is never published."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    email_repeat = forms.EmailField(
        label=_("E-mail again"),
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    address = forms.CharField(
        label=_("Address (optional)"),
        max_length=300,
        required=False,
        help_text=_("Only the administration sees it. It is never shown or published."),
        widget=forms.TextInput(attrs={"autocomplete": "street-address"}),
    )
    represents = forms.ChoiceField(
        label=_("I represent"),
        choices=HearingResponse.Represents.choices,
        initial=HearingResponse.Represents.PRIVATE,
        widget=forms.RadioSelect,
    )
    organisation_name = forms.CharField(
        label=_("Name of the business, association or authority"),
        max_length=200,
        required=False,
        help_text=_("Required unless you respond as a private person."),
    )
    subject = forms.CharField(label=_("Subject"), max_length=200)
    text = forms.CharField(
        label=_("Your response"),
        widget=forms.Textarea(attrs={"rows": 10}),
    )
    sections = SectionChoiceField(
        label=_("Sections your response concerns (optional)"),
        queryset=Section.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    attachments = AttachmentsField(
        label=_("Attachments (optional)"),
        help_text=_(
            "Up to 3 files: PDF, Word (DOCX), OpenDocument (ODT), PNG or JPEG, at most 10 MB each."
        ),
    )
    no_feedback = forms.BooleanField(
        label=_("Do not e-mail me when the hearing report is published"),
        required=False,
        help_text=_(
            "Otherwise we send you one e-mail with a link to what came of each point you made."
        ),
    )
    consent = forms.BooleanField(
        label=_(
            "I agree that the municipality processes my response and the information I give, "
            "as described in the privacy notice."
        ),
        error_messages={"required": _("You must agree before you can send your response.")},
    )
    publication = forms.ChoiceField(
        label=_("Publication"),
        choices=HearingResponse.Publication.choices,
        initial=HearingResponse.Publication.WITH_NAME,
        widget=forms.RadioSelect,
        help_text=_(
            "Hearing responses are normally public records and are published after the "
            "hearing. Your e-mail address and address are never published."
        ),
    )
    publication_reason = forms.CharField(
        label=_("Why should your response not be published? (required if you choose not to)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )
    #: The honeypot: hidden from people (and screen readers); bots fill it in.
    website = forms.CharField(label=_("Leave this field empty"), required=False)
    form_token = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, hearing: Hearing, **kwargs):
        super().__init__(*args, **kwargs)
        self.hearing = hearing
        self.fields["sections"].queryset = Section.objects.filter(
            version_id=hearing.version_id
        ).order_by("position")
        # Set per request, in the visitor's language (a module-level value would be frozen in
        # the language active at import).
        self.fields["text"].help_text = _(
            "At most %(max)s characters. Longer texts can be attached as a file."
        ) % {"max": f"{settings.HEARING_RESPONSE_MAX_CHARS:,}".replace(",", ".")}
        # No maxlength attribute: a browser would cut a pasted text silently; the error says it.
        self.fields["text"].validators.append(
            MaxLengthValidator(settings.HEARING_RESPONSE_MAX_CHARS)
        )

    def clean_text(self):
        text = self.cleaned_data["text"].strip()
        if not text:
            raise ValidationError(_("Write your response."), code="required")
        return text

    def clean(self):
        data = super().clean()
        email, repeat = data.get("email"), data.get("email_repeat")
        if email and repeat and email.strip().lower() != repeat.strip().lower():
            self.add_error("email_repeat", _("The two e-mail addresses are not the same."))
        represents = data.get("represents")
        if (
            represents
            and represents != HearingResponse.Represents.PRIVATE
            and not (data.get("organisation_name") or "").strip()
        ):
            self.add_error(
                "organisation_name", _("Enter the name of the organisation you represent.")
            )
        if (
            data.get("publication") == HearingResponse.Publication.NOT_PUBLISHED
            and not (data.get("publication_reason") or "").strip()
        ):
            self.add_error(
                "publication_reason",
                _("Tell us why your response should not be published."),
            )
        return data

    def service_data(self) -> dict:
        data = dict(self.cleaned_data)
        data["sections"] = list(data.get("sections") or [])
        return data


class StaffResponseForm(ResponseForm):
    """A response that came by letter, e-mail or at a meeting, registered by staff."""

    channel = forms.ChoiceField(
        label=_("Received by"),
        choices=[c for c in HearingResponse.Channel.choices if c[0] != "web"],
    )
    received_at = forms.DateTimeField(
        label=_("Received"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    send_receipt = forms.BooleanField(
        label=_("Send a receipt to the e-mail address"), required=False, initial=True
    )

    field_order = ["channel", "received_at"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("website", "form_token", "email_repeat"):
            del self.fields[name]
        self.fields["email"].required = False
        self.fields["name"].required = False
        self.fields["name"].label = _("Name")
        self.fields["consent"].required = False
        self.fields["consent"].label = _("The respondent consented to the processing")
        self.fields["email"].help_text = _("If known; the receipt is sent here.")
        self.fields["no_feedback"].label = _(
            "The respondent does not want an e-mail when the report is published"
        )
        self.fields["no_feedback"].help_text = ""

    def clean(self):
        data = super().clean()
        received = data.get("received_at")
        if received and received > timezone.now():
            self.add_error("received_at", _("The time cannot be in the future."))
        return data


class DocumentForHearingField(forms.ModelChoiceField):
    def label_from_instance(self, document):
        return _("%(title)s (version %(number)s, approved for hearing)") % {
            "title": document.title,
            "number": document.approved_version.number,
        }


class HearingForm(forms.Form):
    document = DocumentForHearingField(
        label=_("Document"),
        # Only what may go to hearing now: approved by the steering group, with its version.
        queryset=Document.objects.filter(
            status=Document.Status.APPROVED_FOR_HEARING, approved_version__isnull=False
        ).select_related("approved_version"),
        help_text=_(
            "Documents the steering group has approved for hearing. The approved version is "
            "frozen and sent to hearing."
        ),
        error_messages={
            "invalid_choice": _(
                "Choose a document the steering group has approved for hearing; this one "
                "cannot go to hearing now."
            )
        },
    )
    title = forms.CharField(label=_("Title"), max_length=300)
    slug = forms.SlugField(
        label=_("Address"),
        max_length=120,
        help_text=_("Used in the link, e.g. medborgerpolitik-2027."),
    )
    opens_at = forms.DateTimeField(
        label=_("Opens"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    closes_at = forms.DateTimeField(
        label=_("Deadline"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("Danish time."),
    )
    introduction = forms.CharField(
        label=_("Introduction"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    contact = forms.CharField(
        label=_("Contact"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    privacy_notice = forms.CharField(
        label=_("Privacy notice"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("How responses are used and published, and when personal data is deleted."),
    )
    retention_until = forms.DateField(
        label=_("Delete personal data on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Empty: the default period after the deadline."),
    )
    report_promised_on = forms.DateField(
        label=_("Hearing report promised by"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_(
            "Shown on the hearing's page after the deadline. Empty: %(days)s days after the "
            "deadline."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["report_promised_on"].help_text = self.fields[
            "report_promised_on"
        ].help_text % {"days": settings.HEARING_REPORT_DAYS_AFTER_CLOSE}

    def clean_slug(self):
        slug = self.cleaned_data["slug"]
        if Hearing.objects.filter(slug=slug).exists():
            raise ValidationError(_("Another hearing already has this address."))
        return slug

    def clean(self):
        data = super().clean()
        opens, closes = data.get("opens_at"), data.get("closes_at")
        if opens and closes and closes <= opens:
            self.add_error("closes_at", _("The deadline must be after the opening."))
        return data


class HearingEditForm(HearingForm):
    journal_number = forms.CharField(
        label=_("Journal number"),
        required=False,
        max_length=60,
        help_text=_("The case's number in the case system; printed on every journalised document."),
    )
    kle_number = forms.CharField(
        label=_("KLE number"),
        required=False,
        max_length=30,
        help_text=_("The subject number of the case in the KLE classification, e.g. 00.01.00."),
    )
    plain_summary = forms.CharField(
        label=_("Plain-language summary"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("The draft told in plain Danish (let dansk); shown beside the policy text."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["document"]
        del self.fields["slug"]


class TranslatedTextsForm(forms.Form):
    """A hearing's or an event's texts in one more language (medborger.texts)."""

    language = forms.ChoiceField(label=_("Language"))

    def __init__(self, *args, fields: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = translation_languages()
        for name, label in fields.items():
            self.fields[name] = forms.CharField(
                label=label, required=False, widget=forms.Textarea(attrs={"rows": 6})
            )

    def texts(self) -> dict:
        return {name: value for name, value in self.cleaned_data.items() if name != "language"}


class ResponseProcessForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=HearingResponse.Status.choices)
    themes = forms.ModelMultipleChoiceField(
        label=_("Themes"),
        queryset=Theme.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    admin_comment = forms.CharField(
        label=_("The administration's comment"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    leads_to_change = forms.BooleanField(label=_("Leads to a change in the text"), required=False)
    change_description = forms.CharField(
        label=_("The change"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, hearing: Hearing, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["themes"].queryset = Theme.objects.filter(hearing=hearing)


class ReviewForm(forms.Form):
    DECISIONS = [
        ("publish", _("Publish")),
        ("withhold", _("Do not publish")),
    ]
    decision = forms.ChoiceField(label=_("Decision"), choices=DECISIONS, widget=forms.RadioSelect)
    public_text = forms.CharField(
        label=_("Text to publish with personal data removed (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    checked = forms.BooleanField(
        label=_("I have read the text and it holds no personal data that must not be published"),
        required=False,
    )
    not_cpr_reason = forms.CharField(
        label=_("Why a number that looks like a CPR number is not one (only if so)"),
        help_text=_(
            "A text that matches a CPR number is published only when it is removed in the "
            "text to publish, or when you write here why it is not a CPR number."
        ),
        max_length=300,
        required=False,
    )

    def __init__(self, *args, response: HearingResponse, **kwargs):
        super().__init__(*args, **kwargs)
        self.response = response

    def clean(self):
        data = super().clean()
        if (
            data.get("decision") == "publish"
            and self.response.sensitive_findings
            and not data.get("public_text", "").strip()
            and not data.get("checked")
        ):
            self.add_error(
                "checked",
                _(
                    "Personal data was found in this response: remove it in the text to "
                    "publish, or confirm that you have checked it."
                ),
            )
        return data


class ThemeForm(forms.Form):
    name = forms.CharField(label=_("New theme"), max_length=120)


class ResponseFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    section = forms.ModelChoiceField(
        label=_("Section"), queryset=Section.objects.none(), required=False
    )
    represents = forms.ChoiceField(
        label=_("Sender"),
        choices=[("", _("All"))] + HearingResponse.Represents.choices,
        required=False,
    )
    organisation = forms.CharField(label=_("Organisation"), required=False)
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("All but spam"))] + HearingResponse.Status.choices,
        required=False,
    )
    channel = forms.ChoiceField(
        label=_("Channel"),
        choices=[("", _("All"))] + HearingResponse.Channel.choices,
        required=False,
    )
    theme = forms.ModelChoiceField(label=_("Theme"), queryset=Theme.objects.none(), required=False)
    copies = forms.BooleanField(label=_("Show each text once"), required=False)

    def __init__(self, *args, hearing: Hearing, sections, themes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["section"].queryset = Section.objects.filter(version_id=hearing.version_id)
        self.fields["section"].choices = [("", _("All"))] + [(s.pk, s.heading) for s in sections]
        self.fields["theme"].queryset = Theme.objects.filter(hearing=hearing)
        self.fields["theme"].choices = [("", _("All"))] + [(t.pk, t.name) for t in themes]
        # Rendered without crispy-forms: this form is on a page that must stay fast.
        for field in self.fields.values():
            css = {
                forms.Select: "form-select",
                forms.CheckboxInput: "form-check-input",
            }.get(type(field.widget), "form-control")
            field.widget.attrs["class"] = css
