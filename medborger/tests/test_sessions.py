"""The session engine reads Django's database sessions with plain SQL: same answers."""

import datetime

from django.contrib.sessions.models import Session
from django.utils import timezone

from medborger.sessions import SessionStore


def test_a_saved_session_loads_and_an_expired_or_unknown_one_is_empty(db):
    store = SessionStore()
    store["visit"] = "kept"
    store.save()
    assert SessionStore(store.session_key).load() == {"visit": "kept"}

    Session.objects.filter(session_key=store.session_key).update(
        expire_date=timezone.now() - datetime.timedelta(seconds=1)
    )
    expired = SessionStore(store.session_key)
    assert expired.load() == {}
    assert expired.session_key is None
    assert SessionStore("x" * 32).load() == {}


def test_a_logged_in_client_stays_logged_in_across_requests(coordinator_client):
    first = coordinator_client.get("/oversigt/")
    second = coordinator_client.get("/oversigt/")
    assert first.status_code == second.status_code == 200
    assert second.context["user"].is_authenticated
