from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.core.validators import MaxLengthValidator
from django.template import loader
from django.utils.translation import gettext_lazy as _

from .models import User
from .outbox import email_enqueue


class OutboxPasswordResetForm(PasswordResetForm):
    """Django's reset form, but the mail goes through the outbox like every other e-mail."""

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        subject = "".join(loader.render_to_string(subject_template_name, context).splitlines())
        body = loader.render_to_string(email_template_name, context)
        html = (
            loader.render_to_string(html_email_template_name, context)
            if html_email_template_name
            else ""
        )
        email_enqueue(
            to=to_email,
            subject=subject,
            body_text=body,
            body_html=html,
            notification="password_reset",
            recipient=context.get("user"),
        )


class LoginForm(AuthenticationForm):
    """Rejects an over-long username before authentication runs.

    Django's form sets the username's max_length after its validators are built, so it never
    checks it; the lockout backend would then try to record a 10,000-character username and
    PostgreSQL refuses the row.
    """

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        field = self.fields["username"]
        field.validators.append(MaxLengthValidator(field.max_length or 150))


class ReminderSettingsForm(forms.Form):
    delivery = forms.ChoiceField(
        label=_("How do you want your reminders?"),
        choices=User.ReminderDelivery.choices,
        widget=forms.RadioSelect,
    )
    receive = forms.MultipleChoiceField(
        label=_("Which reminders do you want?"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Untick a kind of reminder to stop receiving it."),
    )

    def __init__(self, *args, rules: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["receive"].choices = [(key, rule.label) for key, rule in rules.items()]


class PersonalDataForm(forms.Form):
    """One person's data on request, found by e-mail address (see `medborger.personal_data`)."""

    email = forms.EmailField(
        label=_("The person's e-mail address"),
        max_length=254,
        error_messages={"required": _("Enter the e-mail address the person used.")},
    )
    note = forms.CharField(
        label=_("Note for the log (no personal data)"), max_length=300, required=False
    )
    confirm_erase = forms.BooleanField(
        label=_("Yes, erase everything held about this person"), required=False
    )
