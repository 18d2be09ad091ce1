"""`permission_required` with a scoped getter: the object is fetched once, checked, handed over."""

import pytest
import rules
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.test import RequestFactory

from medborger.permissions import permission_required

PERM = "medborger.test_open_the_box"


@pytest.fixture
def box_rule():
    rules.add_perm(PERM, rules.predicate(lambda user, box: box is not None and box["open"]))
    yield
    rules.remove_perm(PERM)


def box_view(fetched):
    def fetch(request, pk):
        fetched.append(pk)
        return {"pk": pk, "open": pk % 2 == 1}

    @permission_required(PERM, fetch, pass_as="box")
    def view(request, pk, *, box):
        return HttpResponse(f"{pk}:{box['pk']}:{id(box)}")

    return view


@pytest.mark.django_db
def test_the_view_gets_the_object_the_rule_was_checked_on_fetched_once(box_rule, make_user):
    fetched = []
    request = RequestFactory().get("/box/3/")
    request.user = make_user()

    response = box_view(fetched)(request, pk=3)

    assert response.status_code == 200
    assert response.content.decode().startswith("3:3:")
    assert fetched == [3]


@pytest.mark.django_db
def test_a_refused_object_never_reaches_the_view(box_rule, make_user):
    fetched = []
    request = RequestFactory().get("/box/4/")
    request.user = make_user()

    with pytest.raises(PermissionDenied):
        box_view(fetched)(request, pk=4)
    assert fetched == [4]

    request.user = AnonymousUser()
    response = box_view(fetched)(request, pk=4)
    assert response.status_code == 302
    assert "next=/box/4/" in response["Location"]


def test_a_getter_without_a_name_to_hand_it_over_is_refused():
    with pytest.raises(TypeError):
        permission_required(PERM, lambda request, pk: None)
    with pytest.raises(TypeError):
        permission_required(PERM, pass_as="box")
