"""Arguments for the URLs in expected.txt that take some, built from the demo data."""

from django.contrib.auth.tokens import default_token_generator
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from medborger.models import User


def _password_reset_confirm():
    user = User.objects.get(username="koordinator")
    return {
        "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
        "token": default_token_generator.make_token(user),
    }


#: url name -> a function returning its kwargs (called after seed_demo).
URL_KWARGS = {
    "password_reset_confirm": _password_reset_confirm,
}
