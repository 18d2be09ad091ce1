"""Forms of the revision process. They read and check input; the rules live in the models'
`clean()` and in `policy.services.process`, whose errors `medborger.form_pages.add_service_errors`
puts next to the fields they concern."""

import datetime
import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from medborger import dates
from medborger.dates import DatePrecision
from medborger.models import User
from medborger.roles import Role
from policy import linked_reports
from policy.models import (
    Decision,
    DocumentVersion,
    Group,
    GroupMember,
    Milestone,
    PolicyRevision,
    Stakeholder,
    Task,
)
from policy.services.process import NOTE_MAX_LENGTH, place_by_date

# --- Dates as people type them --------------------------------------------------------------


class PreciseDateField(forms.CharField):
    """A date typed as people write it: a day, a month, or empty for "not yet set".

    Cleans to `(date, precision)`; see `medborger.dates.parse` for what it reads.
    """

    def __init__(self, *, precisions=tuple(DatePrecision), **kwargs):
        self.precisions = tuple(precisions)
        kwargs.setdefault("max_length", 40)
        kwargs.setdefault("help_text", dates.FORMAT_HELP)
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, tuple):
            return dates.as_text(*value)
        if isinstance(value, datetime.date):
            return dates.as_text(value, DatePrecision.DAY)
        return value

    def clean(self, value):
        value, precision = dates.parse(super().clean(value))
        if precision not in self.precisions:
            if precision == DatePrecision.MONTH:
                raise ValidationError(
                    _("Give an exact day, for example 20.11.2027."), code="needs_day"
                )
            raise ValidationError(self.error_messages["required"], code="required")
        return value, precision


class DayField(PreciseDateField):
    """An exact day, typed like "20.11.2027" or "20. november 2027"; cleans to a date."""

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", _("For example 20.11.2027 or 20. november 2027."))
        optional = () if kwargs.get("required", True) else (DatePrecision.UNSET,)
        precisions = (DatePrecision.DAY, *optional)
        super().__init__(precisions=precisions, **kwargs)

    def clean(self, value):
        return super().clean(value)[0]


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(item, initial) for item in data]
        return [super().clean(data, initial)] if data else []


# --- Revision -------------------------------------------------------------------------------


def danish_slug(text: str) -> str:
    """An address from a title, with æ, ø and å written as Danes do without them."""
    for letter, spelled in (("æ", "ae"), ("ø", "oe"), ("å", "aa")):
        text = text.replace(letter, spelled).replace(letter.upper(), spelled.capitalize())
    return slugify(text)[:120]


#: Paths below /politik/proces/ that a revision's address must not shadow.
RESERVED_SLUGS = {"nyt", "milepael", "opgave", "gruppe", "medlem", "interessent", "bilag"}


class RevisionForm(forms.ModelForm):
    starts_on = DayField(label=_("Start"), required=False)
    planned_adoption_on = PreciseDateField(
        label=_("Planned adoption"),
        required=False,
        help_text=_("A day (20.06.2027) or a month (juni 2027); empty if not yet set."),
    )

    class Meta:
        model = PolicyRevision
        fields = [
            "title",
            "slug",
            "policy_document",
            "terms_of_reference",
            "coordinator",
            "coordinator_name",
            "coordinator_department",
            "coordinator_contact",
            "target_groups",
            "starts_on",
            "planned_adoption_on",
        ]
        widgets = {"target_groups": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slug"].required = False
        self.fields["slug"].help_text = _(
            "Part of the page's address; made from the title if empty."
        )
        self.fields["coordinator"].help_text = _(
            "Link the coordinator to her log-in when she has one; her name below is kept."
        )
        self.fields["coordinator"].queryset = User.objects.filter(
            groups__name=Role.COORDINATOR, is_active=True
        ).order_by("first_name", "last_name")
        instance = self.instance
        self.initial["planned_adoption_on"] = (
            instance.planned_adoption_on,
            instance.planned_adoption_precision,
        )

    def clean_slug(self):
        slug = self.cleaned_data.get("slug") or danish_slug(self.data.get("title", ""))
        if slug in RESERVED_SLUGS:
            raise ValidationError(
                _("“%(slug)s” is reserved; choose another address.") % {"slug": slug}
            )
        if not slug:
            raise ValidationError(_("Give the revision an address."))
        return slug

    def clean_planned_adoption_on(self):
        value, precision = self.cleaned_data["planned_adoption_on"]
        self.instance.planned_adoption_precision = precision
        return dates.normalise(value, precision)


# --- Milestones -----------------------------------------------------------------------------


class MilestoneForm(forms.Form):
    """A milestone's fields and where it goes in the order; `apply_to` copies them over."""

    kind = forms.ChoiceField(label=_("Kind"), choices=Milestone.Kind.choices)
    title = forms.CharField(label=_("Title"), max_length=300)
    starts_on = PreciseDateField(label=_("Date"), required=False)
    ends_on = DayField(
        label=_("End"),
        required=False,
        help_text=_("Only for what runs over a period, such as a hearing. For example 30.04.2027."),
    )
    responsible_group = forms.ModelChoiceField(
        label=_("Responsible group"), queryset=Group.objects.none(), required=False
    )
    status = forms.ChoiceField(label=_("Status"), choices=Milestone.Status.choices)
    after = forms.TypedChoiceField(label=_("Place in the timeline"), coerce=int)
    is_public = forms.BooleanField(
        label=_("Shown publicly"),
        required=False,
        help_text=_("Citizens see public milestones on the revision's public page."),
    )
    remark = forms.CharField(
        label=_("Remark"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    note = forms.CharField(
        label=_("Status note"),
        required=False,
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    FIRST = 0
    BY_DATE = -1

    def __init__(self, *args, milestone: Milestone, **kwargs):
        self.milestone = milestone
        siblings = [
            m
            for m in Milestone.objects.filter(revision_id=milestone.revision_id).in_order()
            if m.pk != milestone.pk
        ]
        self.siblings = {m.pk: m for m in siblings}
        if milestone.pk is None:
            after = self.BY_DATE
        else:
            before = [m for m in siblings if m.position < milestone.position]
            after = before[-1].pk if before else self.FIRST
        kwargs.setdefault(
            "initial",
            {
                "kind": milestone.kind,
                "title": milestone.title,
                "starts_on": (milestone.starts_on, milestone.date_precision),
                "ends_on": milestone.ends_on,
                "responsible_group": milestone.responsible_group_id,
                "status": milestone.status,
                "after": after,
                "is_public": milestone.is_public,
                "remark": milestone.remark,
                "note": milestone.note,
            },
        )
        super().__init__(*args, **kwargs)
        self.fields["responsible_group"].queryset = Group.objects.filter(
            revision_id=milestone.revision_id
        )
        self.fields["after"].choices = [
            (self.BY_DATE, _("Where its date puts it")),
            (self.FIRST, _("First in the timeline")),
        ] + [
            (m.pk, _("After: %(title)s (%(date)s)") % {"title": m.title, "date": m.date_display})
            for m in siblings
        ]

    def apply_to(self, milestone: Milestone) -> Milestone | None:
        """Copy the cleaned values onto the milestone; return the milestone it goes after."""
        data = self.cleaned_data
        milestone.starts_on, milestone.date_precision = data["starts_on"]
        for name in ("kind", "title", "ends_on", "responsible_group", "status", "is_public"):
            setattr(milestone, name, data[name])
        milestone.remark, milestone.note = data["remark"].strip(), data["note"].strip()
        if data["after"] == self.BY_DATE:
            return place_by_date(milestone)
        return self.siblings.get(data["after"])


class MilestoneStatusForm(forms.Form):
    """The dashboard's status update: a status and a note."""

    status = forms.ChoiceField(label=_("Status"), choices=Milestone.Status.choices)
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


# --- Decisions ------------------------------------------------------------------------------


class VersionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, version):
        return str(version)


class DecisionForm(forms.Form):
    version = VersionChoiceField(
        label=_("Version treated"), queryset=DocumentVersion.objects.none()
    )
    report_version = forms.ChoiceField(
        label=_("Hearing report version treated"),
        required=False,
        help_text=_("The version of the hearing report that went with the draft, if any."),
    )
    meeting_on = DayField(label=_("Meeting date"))
    outcome = forms.ChoiceField(label=_("Outcome"), choices=Decision.Outcome.choices)
    text = forms.CharField(
        label=_("Decision or recommendation"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=10_000,
    )
    protocol_addendum = forms.CharField(
        label=_("Addendum to the minutes (protokoltilførsel)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=10_000,
    )
    out_of_order_reason = forms.CharField(
        label=_("Reason, if the step is out of order"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        help_text=_(
            "Needed only when an earlier step of the process is not done yet, or the body "
            "treated an older version than the previous body. It is shown with the decision."
        ),
    )
    attachments = MultipleFileField(
        label=_("Attachments"),
        required=False,
        help_text=_("The minutes and other papers: PDF, Word, OpenDocument, PNG or JPEG."),
    )

    def __init__(self, *args, milestone: Milestone, preselect=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the versions of the document this body treats.
        self.fields["version"].queryset = (
            DocumentVersion.objects.filter(document_id=milestone.treated_document_id)
            .select_related("document")
            .order_by("-number")
        )
        if milestone.kind != Milestone.Kind.CITY_COUNCIL:
            # Only the council adopts (Decision.clean says so too).
            self.fields["outcome"].choices = [
                choice
                for choice in Decision.Outcome.choices
                if choice[0] != Decision.Outcome.ADOPTED
            ]
        reports = linked_reports.report_choices(milestone.treated_document_id)
        if reports:
            self.fields["report_version"].choices = [("", _("None")), *reports]
        else:
            del self.fields["report_version"]
        if preselect:
            self._preselect(preselect)

    def _preselect(self, query) -> None:
        """Fill in what a link chose (`?version=4&udfald=adopted`, from the document page);
        anything that is not one of the choices is ignored."""
        number = query.get("version", "")
        if re.fullmatch(r"[0-9]{1,9}", number):
            version = self.fields["version"].queryset.filter(number=int(number)).first()
            if version is not None:
                self.initial["version"] = version.pk
        outcome = query.get("udfald", "")
        if outcome in dict(self.fields["outcome"].choices):
            self.initial["outcome"] = outcome


class AttachmentForm(forms.Form):
    attachments = MultipleFileField(
        label=_("Files"),
        help_text=_("PDF, Word, OpenDocument, PNG or JPEG; at most 10 MB each."),
    )


# --- Groups, members, tasks, stakeholders ---------------------------------------------------


class GroupForm(forms.ModelForm):
    class Meta:
        model = Group
        fields = ["name", "kind", "mandate"]
        widgets = {"mandate": forms.Textarea(attrs={"rows": 4})}


class MemberForm(forms.ModelForm):
    class Meta:
        model = GroupMember
        fields = ["name", "department", "role", "email", "phone", "user"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = User.objects.filter(is_active=True).order_by(
            "first_name", "last_name", "username"
        )
        self.fields["user"].help_text = _(
            "Only for people who log in to Medborger; they then see their tasks on the dashboard."
        )
        self.fields["email"].help_text = _("Shown only to staff, never on public pages.")


class OwnerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, member):
        return f"{member.name} ({member.group.name})"


class TaskForm(forms.ModelForm):
    due_on = DayField(label=_("Deadline"), required=False)

    class Meta:
        model = Task
        fields = ["title", "description", "owner", "due_on", "status", "milestone"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}
        field_classes = {"owner": OwnerChoiceField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        revision_id = self.instance.group.revision_id
        # Everyone in the revision's groups is offered; choosing someone from another group
        # than the task's is refused with a message that says so.
        self.fields["owner"].queryset = (
            GroupMember.objects.filter(group__revision_id=revision_id)
            .select_related("group")
            .order_by("group__position", "position", "name")
        )
        self.fields["milestone"].queryset = Milestone.objects.filter(
            revision_id=revision_id
        ).in_order()


class StakeholderForm(forms.ModelForm):
    invitation_decided_on = DayField(label=_("Decided on"), required=False)
    invitation_sent_on = DayField(label=_("Invitation sent"), required=False)
    answered_on = DayField(label=_("Answered on"), required=False)

    class Meta:
        model = Stakeholder
        fields = [
            "name",
            "kind",
            "contact_name",
            "contact_email",
            "contact_phone",
            "special_invitation",
            "invitation_decided_by",
            "invitation_decided_on",
            "invitation_sent_on",
            "answer",
            "answered_on",
            "note",
        ]
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["invitation_decided_by"].queryset = Group.objects.filter(
            revision_id=self.instance.revision_id
        )
