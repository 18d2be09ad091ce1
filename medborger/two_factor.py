"""Optional two-factor log-in for staff with an authenticator app (TOTP, django-otp).

A user who has set it up (`/konto/to-faktor/`) gives the six-digit code with the password on
the log-in page. Superusers must have it when `OTP_REQUIRED_FOR_SUPERUSERS` is on (the default
with DEBUG off): until their session is verified every page sends them to the set-up page.
The QR code is drawn by this app as SVG (qrcode); nothing is fetched from another host, and the
key is shown as text too, for those who type it in.
"""

import io

import qrcode
import qrcode.image.svg
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django_otp import devices_for_user, match_token
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex

DEVICE_NAME = "authenticator"


def confirmed_device_exists(user) -> bool:
    return any(devices_for_user(user, confirmed=True))


def verify(user, token: str):
    """The user's device that accepts `token`, or None."""
    token = "".join((token or "").split())
    return match_token(user, token) if token.isdigit() else None


def _pending_device(user) -> TOTPDevice:
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(
            user=user, name=DEVICE_NAME, confirmed=False, key=random_hex(20)
        )
    return device


class CodeForm(forms.Form):
    token = forms.CharField(
        label=_("Six-digit code from your authenticator app"),
        max_length=12,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


def _base32_key(device: TOTPDevice) -> str:
    import base64

    key = base64.b32encode(device.bin_key).decode()
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


@never_cache
@login_required
def two_factor_setup(request):
    """Set up the authenticator, verify this session with a code, or turn it off."""
    user = request.user
    confirmed = confirmed_device_exists(user)
    form = CodeForm(request.POST or None)
    action = request.POST.get("action", "")
    if request.method == "POST" and form.is_valid():
        token = form.cleaned_data["token"]
        if not confirmed:
            device = _pending_device(user)
            if device.verify_token("".join(token.split())):
                device.confirmed = True
                device.save(update_fields=["confirmed"])
                otp_login(request, device)
                messages.success(request, _("Two-factor log-in is on."))
                return redirect("two_factor")
        else:
            device = verify(user, token)
            if device is not None and action == "disable" and not _required_for(user):
                TOTPDevice.objects.filter(user=user).delete()
                messages.success(request, _("Two-factor log-in is off."))
                return redirect("two_factor")
            if device is not None:
                otp_login(request, device)
                return redirect(settings.LOGIN_REDIRECT_URL)
        form.add_error("token", _("The code is wrong or too old. Try the newest code."))
    context = {
        "form": form,
        "confirmed": confirmed,
        "verified": user.is_verified(),
        "required": _required_for(user),
    }
    if not confirmed:
        context["key"] = _base32_key(_pending_device(user))
    return render(request, "registration/two_factor.html", context)


@never_cache
@login_required
def two_factor_qr(request):
    """The QR code of the device being set up, as SVG drawn here."""
    device = _pending_device(request.user)
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage)
    output = io.BytesIO()
    image.save(output)
    response = HttpResponse(output.getvalue(), content_type="image/svg+xml")
    response["Cache-Control"] = "private, no-store"
    return response


def _required_for(user) -> bool:
    return bool(settings.OTP_REQUIRED_FOR_SUPERUSERS and user.is_superuser)


class RequireTwoFactorMiddleware:
    """Superusers use the site only with a verified second factor (when required)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and _required_for(user)
            and not user.is_verified()
        ):
            allowed = (
                reverse("two_factor"),
                reverse("two_factor_qr"),
                reverse("logout"),
                settings.STATIC_URL,
            )
            if not request.path.startswith(allowed):
                return redirect("two_factor")
        return self.get_response(request)
