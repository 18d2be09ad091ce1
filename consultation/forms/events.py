"""Forms for events: the public sign-up, the staff's event editor, input notes."""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from consultation.models import Event
from consultation.services.events import SignUpData, default_personal_data_delete_on
from medborger import widgets
from medborger.models import User
from medborger.public_forms import HONEYPOT_FIELD
from medborger.roles import Role
from policy.models import Milestone

#: The honeypot: hidden from people (and from screen readers), so only a robot fills it in. The
#: public-form policy (medborger/public_forms.py) reads it.


class SignUpForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=200,
        error_messages={"required": _("Enter your name.")},
    )
    email = forms.EmailField(
        label=_("E-mail"),
        max_length=254,
        help_text=_("We send the confirmation here. It is never shown publicly."),
        error_messages={
            "required": _("Enter your e-mail address, so that we can send you a confirmation."),
            "invalid": _("Enter a valid e-mail address, for example navn@eksempel.dk."),
        },
    )
    organisation = forms.CharField(
        label=_("Organisation (optional)"),
        max_length=200,
        required=False,
        help_text=_("If you come on behalf of an association, a council or a workplace."),
    )
    interpreter_language = forms.CharField(
        label=_("I need an interpreter, in this language (optional)"),
        max_length=100,
        required=False,
    )
    needs_step_free_access = forms.BooleanField(
        label=_("I need step-free access (for example a wheelchair)"), required=False
    )
    needs_hearing_loop = forms.BooleanField(label=_("I need a hearing loop"), required=False)
    needs_other = forms.CharField(
        label=_("Other needs we should know about (optional)"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    consent = forms.BooleanField(
        label=_(
            "I agree that the municipality stores my sign-up to plan the event, and deletes "
            "it afterwards."
        ),
        error_messages={"required": _("You must agree to the storage of your sign-up.")},
    )
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def visible_fields_without_honeypot(self):
        return [field for field in self.visible_fields() if field.name != HONEYPOT_FIELD]

    def to_data(self) -> SignUpData:
        data = self.cleaned_data
        return SignUpData(
            name=data["name"],
            email=data["email"],
            organisation=data["organisation"],
            interpreter_language=data["interpreter_language"],
            needs_step_free_access=data["needs_step_free_access"],
            needs_hearing_loop=data["needs_hearing_loop"],
            needs_other=data["needs_other"],
        )


class LocalDateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


class EventForm(forms.ModelForm):
    personal_data_delete_on = forms.DateField(
        label=_("Delete attendees' personal data on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Leave empty for the usual period after the event."),
    )

    class Meta:
        model = Event
        fields = [
            "title",
            "starts_at",
            "ends_at",
            "place",
            "description",
            "audience",
            "capacity",
            "signup_deadline",
            "organisers",
            "milestone",
            "personal_data_delete_on",
        ]
        widgets = {
            "starts_at": LocalDateTimeInput(),
            "ends_at": LocalDateTimeInput(),
            "signup_deadline": LocalDateTimeInput(),
            "description": forms.Textarea(attrs={"rows": 6}),
            "organisers": forms.CheckboxSelectMultiple,
            # Hundreds of milestones at a municipality's size (issue 15).
            "milestone": widgets.Select,
        }
        help_texts = {
            "description": _("Plain text or simple HTML; anything unsafe is removed."),
            "audience": _("Events for staff only are not listed publicly."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        staff_roles = [Role.COORDINATOR, Role.PROJECT_GROUP, Role.STEERING_GROUP]
        self.fields["organisers"].queryset = (
            User.objects.filter(Q(groups__name__in=staff_roles) | Q(is_superuser=True))
            .filter(is_active=True)
            .distinct()
            .order_by("first_name", "last_name", "username")
        )
        self.fields["milestone"].queryset = Milestone.objects.select_related("revision").filter(
            kind__in=[
                Milestone.Kind.STAFF_WORKSHOP,
                Milestone.Kind.CITIZENS_MEETING,
                Milestone.Kind.OTHER,
            ]
        )
        # Hundreds of milestones: their labels (`Milestone.__str__`) from rows (issue 15).
        widgets.list_from_rows(self.fields["milestone"], "title", label=str)

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("personal_data_delete_on") and cleaned.get("ends_at"):
            cleaned["personal_data_delete_on"] = default_personal_data_delete_on(cleaned["ends_at"])
        return cleaned


class EventNoteForm(forms.Form):
    section = forms.ChoiceField(label=_("Section of the draft"), required=False)
    text = forms.CharField(
        label=_("What came out of the event"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Write the input you want to record.")},
    )

    def __init__(self, *args, sections=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.sections = {str(section.key): section for section in sections}
        self.fields["section"].choices = [("", _("General – no particular section"))] + [
            (key, section.heading) for key, section in self.sections.items()
        ]

    def cleaned_section(self):
        return self.sections.get(self.cleaned_data.get("section") or "")
