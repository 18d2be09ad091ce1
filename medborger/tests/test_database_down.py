"""When the database cannot be reached, visitors get a calm 503 page, never a trace."""

import pytest
from django.db import OperationalError
from django.test import Client
from django.urls import path

from medborger import urls as project_urls


def broken_view(request):
    raise OperationalError('connection to server at "127.0.0.1", port 5432 failed')


def failing_view(request):
    raise ValueError("a bug")


urlpatterns = [
    *project_urls.urlpatterns,
    path("test-db-down/", broken_view),
    path("test-bug/", failing_view),
]
handler500 = project_urls.handler500


@pytest.fixture
def raw_client(settings):
    settings.ROOT_URLCONF = __name__
    return Client(raise_request_exception=False)


def test_an_unreachable_database_gives_503_with_retry_after(raw_client):
    response = raw_client.get("/test-db-down/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    html = response.content.decode()
    assert "Midlertidigt utilgængelig" in html
    assert "Traceback" not in html and "5432" not in html


def test_other_errors_give_the_plain_500_page(raw_client):
    response = raw_client.get("/test-bug/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "Der opstod en fejl" in html and "a bug" not in html
