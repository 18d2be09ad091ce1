"""Forms of the forum pages. They validate input; the services in `forum.services` write."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from medborger import widgets
from medborger.models import User
from medborger.roles import Role
from policy.models import Document

from ..models import (
    ActionPlan,
    Attendance,
    BudgetYear,
    Expense,
    Forum,
    Initiative,
    Meeting,
    Membership,
    Person,
    Seat,
)
from ..models.budget import ZERO, validate_amount
from ..money import format_number, parse_amount
from ..services.forums import FORUM_FACTS
from ..services.plans import INITIATIVE_CONTENT, PROGRESS


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%H:%M")


class AmountField(forms.Field):
    """DKK with øre, typed the Danish way ('1.250,50'); exact Decimal, never float."""

    widget = forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})

    def __init__(self, *, allow_zero: bool = False, **kwargs):
        self.allow_zero = allow_zero
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if value in (None, "") or isinstance(value, str):
            return value
        return format_number(value)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        return parse_amount(str(value))

    def validate(self, value):
        super().validate(value)
        if value is None:
            return
        if self.allow_zero and value == 0:
            return
        if self.allow_zero and value < 0:
            raise ValidationError(_("The amount cannot be negative."), code="negative")
        validate_amount(value)


# --- The forum ------------------------------------------------------------------------------


class ForumForm(forms.ModelForm):
    class Meta:
        model = Forum
        fields = list(FORUM_FACTS)
        widgets = {
            "council_decision_on": DateInput(),
            "terms_adopted_on": DateInput(),
            "purpose": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["terms_of_reference"].queryset = Document.objects.filter(
            kind=Document.Kind.TERMS_OF_REFERENCE
        ).order_by("title")

    def _post_clean(self):
        # The service validates the model together with the budget years and plans.
        pass


# --- Members --------------------------------------------------------------------------------


class SeatForm(forms.ModelForm):
    class Meta:
        model = Seat
        fields = ["name", "kind", "position", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}


class PersonForm(forms.ModelForm):
    class Meta:
        model = Person
        fields = ["name", "email", "phone", "user"]
        help_texts = {
            "email": _("Only the secretariat sees contact details; they are never public."),
            "user": _("Link the member's log-in (role Forum member), if they have one."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = User.objects.filter(groups__name=Role.FORUM_MEMBER).order_by(
            "first_name", "last_name", "username"
        )


class MembershipForm(forms.ModelForm):
    class Meta:
        model = Membership
        fields = ["seat", "person", "role", "starts_on", "ends_on"]
        widgets = {"starts_on": DateInput(), "ends_on": DateInput()}

    def __init__(self, *args, forum: Forum, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["seat"].queryset = forum.seats.order_by("position", "name")
        self.fields["person"].queryset = forum.people.order_by("name")

    def _post_clean(self):
        # The service checks the model (mandate period) and the overlaps in one transaction.
        pass


# --- Meetings -------------------------------------------------------------------------------


class MeetingForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200, initial=_("Forum meeting"))
    date = forms.DateField(label=_("Date"), widget=DateInput())
    start_time = forms.TimeField(
        label=_("Starts at"),
        widget=TimeInput(),
        error_messages={"required": _("Give the time the meeting starts.")},
    )
    end_time = forms.TimeField(label=_("Ends at"), widget=TimeInput(), required=False)
    place = forms.CharField(label=_("Place"), max_length=300)

    @classmethod
    def initial_for(cls, meeting: Meeting) -> dict:
        starts = timezone.localtime(meeting.starts_at)
        ends = timezone.localtime(meeting.ends_at) if meeting.ends_at else None
        return {
            "title": meeting.title,
            "date": starts.date(),
            "start_time": starts.time().replace(second=0, microsecond=0),
            "end_time": ends.time().replace(second=0, microsecond=0) if ends else None,
            "place": meeting.place,
        }

    def clean(self):
        data = super().clean()
        day, start, end = data.get("date"), data.get("start_time"), data.get("end_time")
        if day and start:
            data["starts_at"] = timezone.make_aware(datetime.datetime.combine(day, start))
            data["ends_at"] = None
            if end:
                if end <= start:
                    self.add_error("end_time", _("The meeting must end after it starts."))
                else:
                    data["ends_at"] = timezone.make_aware(datetime.datetime.combine(day, end))
        return data


class AgendaItemForm(forms.Form):
    pk = forms.IntegerField(widget=forms.HiddenInput, required=False)
    title = forms.CharField(label=_("Item"), max_length=300, required=False)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


AgendaFormSet = forms.formset_factory(AgendaItemForm, extra=3, can_delete=True)


class MinutesForm(forms.Form):
    minutes = forms.CharField(
        label=_("Minutes"),
        required=False,
        widget=forms.Textarea(
            attrs={
                "rows": 14,
                "data-rich-text": "1",
                "data-toolbar-label": _("Formatting"),
                "data-label-heading": _("Heading"),
                "data-label-paragraph": _("Paragraph"),
                "data-label-bold": _("Bold"),
                "data-label-italic": _("Italic"),
                "data-label-list": _("Bullet list"),
            }
        ),
        help_text=_(
            "Write plain text (a blank line starts a new paragraph) or simple HTML: headings, "
            "bold, italic, lists, links and tables. Anything else is removed when you save."
        ),
    )

    def __init__(self, *args, agenda_items, **kwargs):
        super().__init__(*args, **kwargs)
        self.agenda_items = list(agenda_items)
        for item in self.agenda_items:
            self.fields[f"decision_{item.pk}"] = forms.CharField(
                label=_("Decision on item %(item)s") % {"item": item},
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
                initial=item.decision,
            )

    def decisions(self) -> dict[int, str]:
        return {item.pk: self.cleaned_data[f"decision_{item.pk}"] for item in self.agenda_items}


class AttendanceForm(forms.Form):
    def __init__(self, *args, people, current: dict[int, str], **kwargs):
        super().__init__(*args, **kwargs)
        self.people = list(people)
        choices = [("", _("Not recorded")), *Attendance.Status.choices]
        for person in self.people:
            self.fields[f"person_{person.pk}"] = forms.ChoiceField(
                label=person.name,
                choices=choices,
                required=False,
                initial=current.get(person.pk, ""),
            )

    def statuses(self) -> dict:
        return {person: self.cleaned_data[f"person_{person.pk}"] for person in self.people}


# --- Action plans ---------------------------------------------------------------------------


class ActionPlanForm(forms.ModelForm):
    class Meta:
        model = ActionPlan
        fields = ["title", "starts_on", "ends_on", "status", "adopted_on", "summary"]
        widgets = {
            "starts_on": DateInput(),
            "ends_on": DateInput(),
            "adopted_on": DateInput(),
            "summary": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "ends_on": _("At most two years after the start, within the mandate period."),
        }


class InitiativeForm(forms.ModelForm):
    budget = AmountField(
        label=_("Earmarked amount (DKK)"),
        required=False,
        allow_zero=True,
        help_text=_("The part of the budget set aside for the initiative, if any."),
    )

    class Meta:
        model = Initiative
        fields = list(INITIATIVE_CONTENT)
        widgets = {
            "goal": forms.Textarea(attrs={"rows": 3}),
            "planned_activities": forms.Textarea(attrs={"rows": 3}),
            "indicators": forms.Textarea(attrs={"rows": 3}),
            "coordination_note": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "goal": _("What the initiative should achieve (målsætning)."),
            "indicators": _("How the forum will see whether the goal is reached."),
            "coordination_note": _(
                "Which other municipal activities the initiative touches and how it is "
                "coordinated with them."
            ),
        }

    def __init__(self, *args, with_status: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if with_status:
            self.fields["status"] = forms.ChoiceField(
                label=_("Status"),
                choices=[(s.value, s.label) for s in PROGRESS],
                initial=self.instance.status,
            )

    def clean_budget(self):
        budget = self.cleaned_data["budget"]
        return ZERO if budget is None else budget

    def _post_clean(self):
        # The services validate the model; the form only parses.
        pass

    def content(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class ReviewForm(forms.Form):
    DECISIONS = [
        ("", _("No decision yet")),
        ("approve", _("Approve the initiative")),
        ("reject", _("Reject the initiative")),
    ]
    standing_committee = forms.ChoiceField(
        label=_("Does the initiative belong to a standing committee?"),
        choices=Initiative.StandingCommittee.choices,
        widget=forms.RadioSelect,
    )
    assessment = forms.CharField(
        label=_("The secretariat's assessment"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Why the matter does or does not belong to a standing committee."),
    )
    decision = forms.ChoiceField(
        label=_("Decision"), choices=DECISIONS, required=False, widget=forms.RadioSelect
    )


# --- Budget ---------------------------------------------------------------------------------


class BudgetYearForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=1900, max_value=2200)
    allocation = AmountField(label=_("Allocation (DKK)"), allow_zero=True)
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, forum: Forum, editing: BudgetYear | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.forum = forum
        if editing is not None:
            self.fields["year"].disabled = True

    def clean_year(self):
        year = self.cleaned_data["year"]
        if self.fields["year"].disabled:
            return year
        if not self.forum.mandate_start_year <= year <= self.forum.mandate_end_year:
            raise ValidationError(
                _("The year must lie within the forum's mandate period (%(period)s).")
                % {"period": self.forum.mandate_display}
            )
        if self.forum.budget_years.filter(year=year).exists():
            raise ValidationError(
                _("The forum already has a budget year %(year)s.") % {"year": year}
            )
        return year


class ExpenseForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=DateInput())
    amount = AmountField(label=_("Amount (DKK)"), help_text=_("For example 1.250,50"))
    status = forms.ChoiceField(
        label=_("Status"),
        choices=Expense.Status.choices,
        initial=Expense.Status.SPENT,
        widget=forms.RadioSelect,
    )
    category = forms.ChoiceField(label=_("Category"), choices=Expense.Category.choices)
    initiative = forms.ModelChoiceField(
        label=_("Initiative"),
        queryset=Initiative.objects.none(),
        required=False,
        widget=widgets.Select,  # hundreds of options (issue 15)
    )
    meeting = forms.ModelChoiceField(
        label=_("Meeting"), queryset=Meeting.objects.none(), required=False, widget=widgets.Select
    )
    description = forms.CharField(label=_("Description"), max_length=300)
    receipt = forms.FileField(
        label=_("Receipt"),
        required=False,
        help_text=_("PDF, Word, OpenDocument, PNG or JPEG, at most 10 MB."),
    )
    approved_by = forms.ModelChoiceField(
        label=_("Approved by"), queryset=User.objects.none(), required=False, widget=widgets.Select
    )
    over_allocation_reason = forms.CharField(
        label=_("Reason for exceeding the allocation"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Needed only when the expense takes the year over its allocation."),
    )

    def __init__(self, *args, forum: Forum, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["initiative"].queryset = (
            Initiative.objects.filter(action_plan__forum=forum)
            .select_related("action_plan")
            .order_by("action_plan__starts_on", "title")
        )
        self.fields["initiative"].label_from_instance = lambda i: f"{i.title} ({i.action_plan})"
        self.fields["meeting"].queryset = forum.meetings.order_by("-starts_at")
        # The same labels from rows, not from hundreds of model instances (issue 15).
        widgets.list_from_rows(
            self.fields["initiative"],
            "title",
            "action_plan__title",
            label=lambda title, plan: f"{title} ({plan})",
        )
        widgets.list_from_rows(
            self.fields["meeting"], "title", "starts_at", label=Meeting.label_for
        )
        self.fields["approved_by"].queryset = User.objects.filter(
            groups__name=Role.SECRETARIAT
        ).order_by("first_name", "last_name")
        self.fields["approved_by"].help_text = _("Leave empty if you approve it yourself.")

    def clean(self):
        data = super().clean()
        if data.get("initiative") and data.get("meeting"):
            self.add_error("meeting", _("Choose an initiative or a meeting, not both."))
        return data

    @classmethod
    def initial_for(cls, expense: Expense) -> dict:
        return {
            "date": expense.date,
            "amount": expense.amount,
            "status": expense.status,
            "category": expense.category,
            "initiative": expense.initiative_id,
            "meeting": expense.meeting_id,
            "description": expense.description,
            "approved_by": expense.approved_by_id,
            "over_allocation_reason": expense.over_allocation_reason,
        }

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "date": data["date"],
            "amount": data["amount"],
            "status": data["status"],
            "category": data["category"],
            "initiative": data["initiative"],
            "meeting": data["meeting"],
            "description": data["description"],
            "approved_by": data["approved_by"],
            "receipt": data["receipt"],
            "over_allocation_reason": data["over_allocation_reason"],
        }
