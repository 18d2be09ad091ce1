"""Forms of the import pages: the upload, and the preview in which every item can be edited or
removed before anything is created."""

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from medborger.dates import DatePrecision
from medborger.roles import Role
from policy.importer import (
    ACCEPTED_EXTENSIONS,
    MAX_BYTES,
    ImportedForum,
    ImportedGroup,
    ImportedMember,
    ImportedMilestone,
    ImportedSection,
    ImportedTerms,
)
from policy.models import Group, GroupMember, Milestone, journal_number_validator
from policy.services.imports import ImportOptions


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_(
            "A Word document (.docx), OpenDocument text (.odt), Markdown (.md) or text "
            "(.txt), at most 10 MB."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(ACCEPTED_EXTENSIONS)}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise ValidationError(
                _("The file is %(size)s MB; at most %(max)s MB can be imported."),
                code="too_big",
                params={"size": f"{upload.size / 1_048_576:.1f}", "max": MAX_BYTES // 1_048_576},
            )
        return upload


class DocumentForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    document_date = forms.DateField(label=_("Date"), required=False, widget=DateInput())
    case_officer_name = forms.CharField(label=_("Case officer"), max_length=200, required=False)
    case_officer_phone = forms.CharField(
        label=_("Case officer's phone"), max_length=40, required=False
    )
    case_officer_email = forms.EmailField(label=_("Case officer's e-mail"), required=False)
    journal_number = forms.CharField(
        label=_("Journal number"),
        max_length=40,
        required=False,
        validators=[journal_number_validator],
    )


class RevisionForm(forms.Form):
    create_revision = forms.BooleanField(
        label=_("Create a policy revision with the timeline and the groups"), required=False
    )
    revision_title = forms.CharField(
        label=_("Title of the revision"), max_length=300, required=False
    )
    coordinator = forms.ModelChoiceField(
        label=_("Coordinator (user)"),
        queryset=get_user_model().objects.none(),
        required=False,
        help_text=_("The user who coordinates the revision."),
    )
    target_groups = forms.CharField(
        label=_("Target groups"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        users = (
            get_user_model()
            .objects.filter(is_active=True)
            .filter(
                Q(groups__name=Role.COORDINATOR)
                | Q(is_superuser=True)
                | Q(pk=getattr(user, "pk", None))
            )
        )
        self.fields["coordinator"].queryset = users.distinct().order_by("first_name", "last_name")
        self.fields["coordinator"].label_from_instance = lambda u: u.get_full_name() or u.username

    def clean(self):
        data = super().clean()
        if data.get("create_revision") and not data.get("revision_title"):
            self.add_error("revision_title", _("Give the revision a title."))
        return data


class ForumForm(forms.Form):
    create_forum = forms.BooleanField(label=_("Create the citizens' forum"), required=False)
    name = forms.CharField(label=_("Name"), max_length=200, required=False)
    mandate_start_year = forms.IntegerField(
        label=_("Mandate starts (year)"), min_value=1900, max_value=2200, required=False
    )
    mandate_end_year = forms.IntegerField(
        label=_("Mandate ends (year)"), min_value=1900, max_value=2200, required=False
    )
    council_decision_on = forms.DateField(
        label=_("Council decision date"), required=False, widget=DateInput()
    )
    council_case_number = forms.CharField(
        label=_("Council case number"), max_length=50, required=False
    )
    terms_adopted_on = forms.DateField(
        label=_("Terms of reference adopted"), required=False, widget=DateInput()
    )
    secretariat_unit = forms.CharField(label=_("Secretariat"), max_length=200, required=False)
    purpose = forms.CharField(
        label=_("Purpose"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def clean(self):
        data = super().clean()
        if not data.get("create_forum"):
            return data
        if not data.get("name"):
            self.add_error("name", _("Give the forum a name."))
        start, end = data.get("mandate_start_year"), data.get("mandate_end_year")
        if not start:
            self.add_error("mandate_start_year", _("Give the year the mandate starts."))
        if not end:
            self.add_error("mandate_end_year", _("Give the year the mandate ends."))
        if start and end and end < start:
            self.add_error("mandate_end_year", _("The mandate cannot end before it starts."))
        return data


class SectionForm(forms.Form):
    heading = forms.CharField(label=_("Heading"), max_length=300)
    body = forms.CharField(
        label=_("Text (HTML)"), required=False, widget=forms.Textarea(attrs={"rows": 8})
    )


class MilestoneForm(forms.Form):
    title = forms.CharField(label=_("Activity"), max_length=300)
    kind = forms.ChoiceField(label=_("Kind"), choices=Milestone.Kind.choices)
    date_precision = forms.ChoiceField(label=_("Date precision"), choices=DatePrecision.choices)
    starts_on = forms.DateField(label=_("Date"), required=False, widget=DateInput())
    ends_on = forms.DateField(label=_("End"), required=False, widget=DateInput())
    responsible = forms.CharField(label=_("Responsible group"), max_length=200, required=False)
    remark = forms.CharField(
        label=_("Remark"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def clean(self):
        data = super().clean()
        # The milestone's own rules (a date for a set precision, no end before the start).
        milestone = Milestone(
            date_precision=data.get("date_precision") or DatePrecision.UNSET,
            starts_on=data.get("starts_on"),
            ends_on=data.get("ends_on"),
        )
        try:
            milestone.clean()
        except ValidationError as error:
            self.add_error(None, error)
        return data


class GroupForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=Group.Kind.choices)
    mandate = forms.CharField(
        label=_("Mandate"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class MemberForm(forms.Form):
    group = forms.ChoiceField(label=_("Group"), choices=())
    name = forms.CharField(label=_("Name"), max_length=200)
    department = forms.CharField(label=_("Department"), max_length=200, required=False)
    role = forms.ChoiceField(label=_("Role"), choices=GroupMember.Role.choices)

    def __init__(self, *args, group_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].choices = group_choices
        # The members are a table rendered field by field, so the widgets carry their classes.
        for field in self.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs["class"] = css


class BaseMemberFormSet(forms.BaseFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)
        form.fields["DELETE"].widget.attrs["class"] = "form-check-input"


SectionFormSet = forms.formset_factory(SectionForm, extra=0, can_delete=True)
MilestoneFormSet = forms.formset_factory(MilestoneForm, extra=0, can_delete=True)
GroupFormSet = forms.formset_factory(GroupForm, extra=0, can_delete=True)
MemberFormSet = forms.formset_factory(
    MemberForm, formset=BaseMemberFormSet, extra=0, can_delete=True
)


class ImportPreview:
    """All forms of the preview page, filled from what was read and bound to what was posted."""

    def __init__(self, terms: ImportedTerms, *, options: ImportOptions, user, data=None):
        self.terms = terms
        group_choices = [(str(i), g.name) for i, g in enumerate(terms.groups)]
        self.document = DocumentForm(data, prefix="doc", initial=_fields(terms, DocumentForm))
        self.revision = RevisionForm(
            data,
            prefix="rev",
            user=user,
            initial={
                "create_revision": options.create_revision,
                "revision_title": terms.revision_title or terms.title,
                "coordinator": options.coordinator,
                "target_groups": terms.target_groups,
            },
        )
        forum = terms.forum
        self.forum = (
            ForumForm(
                data,
                prefix="forum",
                initial={"create_forum": options.create_forum, **_fields(forum, ForumForm)},
            )
            if forum is not None
            else None
        )
        self.sections = SectionFormSet(
            data, prefix="sections", initial=[vars(s) for s in terms.sections]
        )
        self.milestones = MilestoneFormSet(
            data, prefix="milestones", initial=[vars(m) for m in terms.milestones]
        )
        self.groups = GroupFormSet(
            data,
            prefix="groups",
            initial=[{"name": g.name, "kind": g.kind, "mandate": g.mandate} for g in terms.groups],
        )
        self.members = MemberFormSet(
            data,
            prefix="members",
            initial=[
                {"group": str(index), **vars(member)}
                for index, group in enumerate(terms.groups)
                for member in group.members
            ],
            form_kwargs={"group_choices": group_choices},
        )

    @property
    def all_forms(self):
        forms_ = [
            self.document,
            self.revision,
            self.sections,
            self.milestones,
            self.groups,
            self.members,
        ]
        return forms_ + ([self.forum] if self.forum is not None else [])

    def is_valid(self) -> bool:
        results = [form.is_valid() for form in self.all_forms]  # every form shows its errors
        valid = all(results)
        if valid and not _kept(self.sections):
            self.sections._non_form_errors = self.sections.error_class(
                [_("Keep at least one section.")]
            )
            return False
        return valid

    def result(self) -> tuple[ImportedTerms, ImportOptions]:
        """The edited terms and the choices, from the cleaned forms."""
        doc, rev = self.document.cleaned_data, self.revision.cleaned_data
        kept_groups = {}
        for index, data in enumerate(self.groups.cleaned_data):
            if data and not data.get("DELETE"):
                kept_groups[str(index)] = ImportedGroup(
                    name=data["name"], kind=data["kind"], mandate=data["mandate"]
                )
        for data in _kept(self.members):
            group = kept_groups.get(data["group"])
            if group is not None:
                group.members.append(
                    ImportedMember(
                        name=data["name"], department=data["department"], role=data["role"]
                    )
                )
        terms = ImportedTerms(
            title=doc["title"],
            filename=self.terms.filename,
            file_kind=self.terms.file_kind,
            document_date=doc["document_date"],
            case_officer_name=doc["case_officer_name"],
            case_officer_phone=doc["case_officer_phone"],
            case_officer_email=doc["case_officer_email"],
            journal_number=doc["journal_number"],
            sections=[
                ImportedSection(heading=d["heading"], body=d["body"]) for d in _kept(self.sections)
            ],
            milestones=[
                ImportedMilestone(
                    title=d["title"],
                    kind=d["kind"],
                    date_precision=d["date_precision"],
                    starts_on=d["starts_on"],
                    ends_on=d["ends_on"],
                    remark=d["remark"],
                    responsible=d["responsible"],
                )
                for d in _kept(self.milestones)
            ],
            groups=list(kept_groups.values()),
            coordinator_name=self.terms.coordinator_name,
            target_groups=rev["target_groups"],
            revision_title=rev["revision_title"],
        )
        options = ImportOptions(
            create_revision=rev["create_revision"],
            create_forum=False,
            coordinator=rev["coordinator"],
        )
        if self.forum is not None:
            data = self.forum.cleaned_data
            options.create_forum = data["create_forum"]
            terms.forum = ImportedForum(
                **{k: v for k, v in data.items() if k not in ("create_forum",)}
            )
        return terms, options


def _kept(formset) -> list[dict]:
    return [data for data in formset.cleaned_data if data and not data.get("DELETE")]


def _fields(source, form_class) -> dict:
    if source is None:
        return {}
    return {name: getattr(source, name) for name in form_class.base_fields if hasattr(source, name)}
