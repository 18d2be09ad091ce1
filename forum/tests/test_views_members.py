import datetime
import re

import pytest
from django.urls import reverse

from forum.models import Membership, Person
from medborger.testing.queries import assert_constant_queries

from .factories import MembershipFactory, PersonFactory, SeatFactory

pytestmark = pytest.mark.django_db

D = datetime.date


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def url(name, forum, **kwargs):
    return reverse(f"forum:{name}", kwargs={"forum": forum.slug, **kwargs})


@pytest.fixture
def members(forum):
    elders = SeatFactory(forum=forum, name="Ældrerådet", position=1)
    youth = SeatFactory(forum=forum, name="Ungdomsskolen", position=2)
    SeatFactory(forum=forum, name="Erhvervslivet", position=3)
    MembershipFactory(seat=elders, person__name="Birthe Holm", role=Membership.Role.CHAIR)
    MembershipFactory(seat=elders, person__name="Tove Rasmussen", role="substitute")
    MembershipFactory(seat=youth, person__name="Jonas Mikkelsen", ends_on=D(2019, 12, 31))
    MembershipFactory(seat=youth, person__name="Camilla Friis", starts_on=D(2020, 1, 1))


def test_the_member_list_shows_who_sits_on_a_day(forum_member_client, forum, members):
    page = text(forum_member_client.get(url("member_list", forum) + "?dato=2019-06-01"))

    assert "Pladser pr. 1. juni 2019" in page
    assert "Birthe Holm (formand)" in page
    assert "Jonas Mikkelsen (medlem)" in page
    assert re.search(r"Tove Rasmussen.*?</td>", page)
    assert "Ledige pladser: Erhvervslivet" in page
    assert "Camilla Friis (medlem)" not in page.split("Hvem sidder hvornår")[0]


def test_terms_ending_soon_are_flagged(forum_member_client, forum, members):
    page = text(forum_member_client.get(url("member_list", forum) + "?dato=2019-11-15"))
    ending = page.split("Perioder, der udløber inden for 60 dage:")[1].split("</ul>")[0]
    assert "Jonas Mikkelsen" in ending and "Birthe Holm" not in ending
    assert "Udløber snart" in page


def test_who_sits_when_shows_every_year_of_the_mandate(forum_member_client, forum, members):
    page = text(forum_member_client.get(url("member_list", forum)))
    grid = page.split("Hvem sidder hvornår")[1]
    assert all(f'<th scope="col">{year}</th>' in grid for year in (2018, 2019, 2020, 2021))
    youth_row = re.search(r"Ungdomsskolen</th>(.*?)</tr>", grid).group(1)
    cells = re.findall(r"<td>(.*?)</td>", youth_row)
    assert "Jonas Mikkelsen" in cells[1] and "Camilla Friis" not in cells[1]
    assert "Camilla Friis" in cells[2] and "Jonas Mikkelsen" not in cells[2]


def test_contact_details_are_for_the_secretariat_only(
    forum_member_client, secretary_client, forum, members
):
    PersonFactory(forum=forum, name="Kontakt Person", email="kontakt@borger.example")
    assert "kontakt@borger.example" not in text(forum_member_client.get(url("member_list", forum)))
    assert "kontakt@borger.example" in text(secretary_client.get(url("member_list", forum)))


def test_a_member_with_a_log_in_sees_their_own_seat(client_for, forum_member, forum, members):
    person = Person.objects.get(name="Birthe Holm")
    person.user = forum_member
    person.save()
    page = text(client_for(forum_member).get(url("member_list", forum) + "?dato=2019-06-01"))
    assert "Du sidder på pladsen Ældrerådet som formand" in page


def test_an_invalid_date_falls_back_to_the_reference_day(forum_member_client, forum, members):
    response = forum_member_client.get(url("member_list", forum) + "?dato=2019-13-45")
    assert response.status_code == 200
    assert "Pladser pr. 31. december 2021" in text(response)


def test_the_secretariat_adds_a_term_and_an_overlap_is_refused_next_to_the_field(
    secretary_client, forum, members
):
    seat = forum.seats.get(name="Erhvervslivet")
    person = PersonFactory(forum=forum, name="Peter Lauridsen")
    data = {
        "seat": seat.pk,
        "person": person.pk,
        "role": "member",
        "starts_on": "2018-03-01",
        "ends_on": "2021-12-31",
    }
    response = secretary_client.post(url("membership_create", forum), data)
    assert response.status_code == 302
    assert Membership.objects.filter(seat=seat, person=person).exists()

    other = PersonFactory(forum=forum, name="Nadia Rahimi")
    response = secretary_client.post(url("membership_create", forum), {**data, "person": other.pk})
    page = text(response)
    assert response.status_code == 200
    assert re.search(
        r'id="id_starts_on_error".*?Pladsen er allerede besat af Peter Lauridsen', page
    )
    assert not Membership.objects.filter(person=other).exists()


def test_a_term_ending_before_it_starts_is_refused_in_danish(secretary_client, forum, members):
    seat = forum.seats.get(name="Erhvervslivet")
    response = secretary_client.post(
        url("membership_create", forum),
        {
            "seat": seat.pk,
            "person": PersonFactory(forum=forum).pk,
            "role": "member",
            "starts_on": "2020-01-01",
            "ends_on": "2019-01-01",
        },
    )
    assert "Perioden kan ikke slutte, før den begynder." in text(response)
    assert not Membership.objects.filter(seat=seat).exists()


def test_the_secretariat_adds_seats_and_people(secretary_client, forum, forum_member):
    response = secretary_client.post(
        url("seat_create", forum), {"name": "Handicaprådet", "kind": "council", "position": 4}
    )
    assert response.status_code == 302
    response = secretary_client.post(
        url("person_create", forum),
        {"name": "Sanne Bech", "email": "sanne@borger.example", "user": forum_member.pk},
    )
    assert response.status_code == 302
    person = Person.objects.get(name="Sanne Bech")
    assert person.user == forum_member
    assert person.history.get().history_change_reason == "Person tilføjet"


def test_the_member_list_query_count_does_not_grow(secretary_client, forum):
    def grow(n):
        for _ in range(forum.seats.count(), n // 5):
            seat = SeatFactory(forum=forum)
            MembershipFactory(seat=seat, person__forum=forum, ends_on=D(2019, 12, 31))
            MembershipFactory(seat=seat, person__forum=forum, starts_on=D(2020, 1, 1))
            MembershipFactory(seat=seat, person__forum=forum, role="substitute")

    queries = assert_constant_queries(
        secretary_client, url("member_list", forum), grow=grow, large=150
    )
    # session, user with their roles, forum, seats, their terms with people, people with
    # log-ins.
    assert queries == 6


def test_a_mandate_that_has_ended_is_shown_as_concluded_not_ending_soon(
    forum_member_client, forum, members
):
    """The 2018–2021 forum said "Udløber snart" years after its mandate ended."""
    page = text(forum_member_client.get(url("member_list", forum)))
    assert "Mandatperioden 2018–2021 er slut" in page
    assert "Udløber snart" not in page
