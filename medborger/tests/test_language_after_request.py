"""A visitor's language belongs to their request, not to the thread that served it."""

from django.urls import reverse
from django.utils import translation


def test_the_thread_speaks_the_default_language_again_after_a_request_in_urdu(client, db):
    client.cookies["django_language"] = "ur"
    page = client.get(reverse("landing"))
    assert page["Content-Language"] == "ur"
    assert translation.get_language() == "da"
