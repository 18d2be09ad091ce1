from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.template import loader
from django.utils.translation import gettext_lazy as _

from . import two_factor
from .models import User
from .outbox import email_enqueue
from .sso import password_login_allowed
from .throttle import account_waiting, password_reset_allowed


class OutboxPasswordResetForm(PasswordResetForm):
    """Django's reset form, but the mail goes through the outbox like every other e-mail, and
    at most a few per client address and per e-mail address an hour (medborger.throttle)."""

    def __init__(self, *args, client_address: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.client_address = client_address

    def save(self, *args, **kwargs):
        email = self.cleaned_data["email"]
        if not password_reset_allowed(client_address=self.client_address, email=email):
            return None  # The page says the same as always: it reveals nothing.
        return super().save(*args, **kwargs)

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

    otp_token = forms.CharField(
        label=_("Code from your authenticator app"),
        help_text=_("Only if you have set up two-factor log-in; otherwise leave it empty."),
        required=False,
        max_length=12,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        field = self.fields["username"]
        field.validators.append(MaxLengthValidator(field.max_length or 150))

    def confirm_login_allowed(self, user):
        """A user with an authenticator gives its code as well; a wrong one is a failure.
        Staff use single sign-on only when local staff passwords are off."""
        super().confirm_login_allowed(user)
        if not password_login_allowed(user):
            raise ValidationError(
                _("Staff log in with %(provider)s. Use the button above."),
                code="sso_only",
                params={"provider": settings.MEDBORGER_OIDC_PROVIDER_NAME},
            )
        if not two_factor.confirmed_device_exists(user):
            return
        device = two_factor.verify(user, self.cleaned_data.get("otp_token", ""))
        if device is None:
            user_login_failed.send(
                sender=__name__,
                credentials={"username": user.get_username()},
                request=self.request,
            )
            raise ValidationError(
                _("Give the current code from your authenticator app as well."),
                code="otp_required",
            )
        user.otp_device = device  # django_otp marks the session verified on log-in

    def clean(self):
        username = self.cleaned_data.get("username")
        if username and account_waiting(self.request, username):
            # Counted like a wrong password, so waiting does not become a way to guess.
            user_login_failed.send(
                sender=__name__, credentials={"username": username}, request=self.request
            )
            raise ValidationError(
                _(
                    "There have been many failed log-ins to this account. For your safety it "
                    "waits %(minutes)s minutes before it can be used from a new browser. Try "
                    "again later, or use a computer you have logged in from before."
                ),
                code="account_waiting",
                params={"minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)},
            )
        return super().clean()


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
