import pytest

from medborger.celery import app as celery_app

pytestmark = pytest.mark.django_db


def test_it_reports_database_and_broker_as_reachable(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"database": "reachable", "broker": "reachable", "status": "ok"}
    assert response["Cache-Control"].startswith("max-age=0")


def test_it_answers_503_when_the_broker_is_unreachable(client):
    # Nothing listens on port 1. Celery reads the write URL, which it may already have
    # derived from broker_url, so both point there.
    previous = celery_app.conf.broker_url, celery_app.conf.broker_write_url
    unreachable = "redis://127.0.0.1:1/0"
    celery_app.conf.broker_url = celery_app.conf.broker_write_url = unreachable
    try:
        response = client.get("/healthz")
    finally:
        celery_app.conf.broker_url, celery_app.conf.broker_write_url = previous
    assert response.status_code == 503
    assert response.json()["broker"] == "unreachable"
    assert response.json()["database"] == "reachable"
