"""A logged-in user's roles are read with the user, in the session's one user query."""

from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from medborger.backends import PasswordBackend
from medborger.roles import Role, roles_of


def test_the_backend_reads_the_roles_with_the_user_and_roles_of_asks_nothing_more(make_user):
    user = make_user(Role.COORDINATOR)
    Group.objects.get_or_create(name=Role.SECRETARIAT)[0].user_set.add(user)
    with CaptureQueriesContext(connection) as queries:
        loaded = PasswordBackend().get_user(user.pk)
        roles = roles_of(loaded)
    assert roles == {Role.COORDINATOR, Role.SECRETARIAT}
    assert len(queries) == 1


def test_a_user_without_roles_has_none_and_an_unknown_or_inactive_user_is_no_one(make_user):
    user = make_user(username="no-roles")
    Group.objects.get_or_create(name="Not a role")[0].user_set.add(user)
    assert roles_of(PasswordBackend().get_user(user.pk)) == set()
    assert PasswordBackend().get_user(user.pk + 1000) is None
    assert PasswordBackend().get_user("not a number") is None
    assert PasswordBackend().get_user(str(user.pk)) == user
    user.is_active = False
    user.save()
    assert PasswordBackend().get_user(user.pk) is None


def test_a_role_taken_away_counts_from_the_next_request(coordinator, client_for):
    client = client_for(coordinator)
    assert client.get(reverse("dashboard")).status_code == 200
    coordinator.groups.clear()
    assert client.get(reverse("dashboard")).status_code in (302, 403)
