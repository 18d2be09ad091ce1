"""Navigation links are reversed once per process, and still follow the script prefix."""

from django.urls import reverse, set_script_prefix

from medborger.hooks import nav_url


def test_nav_url_is_reverse_and_follows_the_script_prefix():
    assert nav_url("dashboard") == reverse("dashboard")
    try:
        set_script_prefix("/medborger/")
        assert nav_url("dashboard") == reverse("dashboard")
        assert nav_url("dashboard").startswith("/medborger/")
    finally:
        set_script_prefix("/")
    assert not nav_url("dashboard").startswith("/medborger/")


def test_the_navigation_marks_the_current_section(coordinator_client):
    page = coordinator_client.get(reverse("forum:list"))
    active = [item for item in page.context["nav_items"] if item["active"]]
    assert [item["url"] for item in active] == [reverse("forum:list")]
