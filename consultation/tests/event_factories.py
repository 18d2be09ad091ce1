"""factory_boy factories for events and sign-ups."""

import datetime

import factory
from django.utils import timezone

from consultation.models import Event, SignUp


def in_days(days: float, hour: int = 18) -> datetime.datetime:
    moment = timezone.localtime() + datetime.timedelta(days=days)
    return moment.replace(hour=hour, minute=0, second=0, microsecond=0)


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    title = factory.Sequence(lambda n: f"Borgermøde {n}")
    starts_at = factory.LazyFunction(lambda: in_days(14))
    ends_at = factory.LazyAttribute(lambda event: event.starts_at + datetime.timedelta(hours=2))
    signup_deadline = factory.LazyAttribute(
        lambda event: event.starts_at - datetime.timedelta(days=2)
    )
    place = "Kulturhuset, salen"
    description = "<p>Vi taler om politikken.</p>"
    audience = Event.Audience.CITIZENS
    capacity = 10
    personal_data_delete_on = factory.LazyAttribute(
        lambda event: timezone.localdate(event.ends_at) + datetime.timedelta(days=183)
    )


class SignUpFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SignUp

    event = factory.SubFactory(EventFactory)
    name = factory.Sequence(lambda n: f"Borger {n}")
    email = factory.Sequence(lambda n: f"borger{n}@example.org")
    consent_at = factory.LazyFunction(timezone.now)
    status = SignUp.Status.CONFIRMED


def signed_up(event, data, now=None) -> SignUp:
    """A sign-up made through the form's service and confirmed through its e-mailed link."""
    from consultation.services import events as services

    signup = services.signup_create(event=event, data=data, now=now)
    return services.signup_confirm(signup=signup, now=now)
