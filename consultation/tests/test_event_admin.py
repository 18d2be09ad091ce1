import pytest
from django.urls import reverse
from django.utils import timezone

from consultation.models import SignUp

from .event_factories import EventFactory, SignUpFactory

pytestmark = pytest.mark.django_db


def test_saving_in_the_admin_goes_through_the_service(superuser_client):
    event = EventFactory(capacity=1)
    SignUpFactory(event=event)
    waiting = SignUpFactory(event=event, status=SignUp.Status.WAITING)
    local = timezone.localtime
    response = superuser_client.post(
        reverse("admin:consultation_event_change", args=[event.pk]),
        {
            "title": event.title,
            "starts_at_0": local(event.starts_at).strftime("%Y-%m-%d"),
            "starts_at_1": local(event.starts_at).strftime("%H:%M:%S"),
            "ends_at_0": local(event.ends_at).strftime("%Y-%m-%d"),
            "ends_at_1": local(event.ends_at).strftime("%H:%M:%S"),
            "place": event.place,
            "description": '<p>Ny</p><script>alert("x")</script>',
            "audience": event.audience,
            "capacity": "2",
            "signup_deadline_0": local(event.signup_deadline).strftime("%Y-%m-%d"),
            "signup_deadline_1": local(event.signup_deadline).strftime("%H:%M:%S"),
            "personal_data_delete_on": event.personal_data_delete_on.isoformat(),
            "signups-TOTAL_FORMS": "0",
            "signups-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    event.refresh_from_db()
    waiting.refresh_from_db()
    assert event.description == "<p>Ny</p>"
    assert waiting.status == SignUp.Status.CONFIRMED
