import datetime

import pytest
from django.core.exceptions import ValidationError

from forum import services
from forum.models import Membership

from .factories import MembershipFactory, PersonFactory, SeatFactory

pytestmark = pytest.mark.django_db

D = datetime.date
START, END = D(2018, 3, 1), D(2021, 12, 31)


@pytest.fixture
def seat(forum):
    return SeatFactory(forum=forum, name="Ældrerådet")


def give(seat, person, user, role=Membership.Role.MEMBER, start=START, end=END):
    return services.membership_save(
        seat=seat, person=person, role=role, starts_on=start, ends_on=end, user=user
    )


def test_it_gives_a_person_a_term_and_keeps_the_history(seat, secretary):
    person = PersonFactory(forum=seat.forum, name="Birthe Holm")
    term = give(seat, person, secretary, role=Membership.Role.CHAIR)

    assert term.role == Membership.Role.CHAIR
    record = term.history.get()
    assert (record.history_user, record.history_change_reason) == (secretary, "Periode tilføjet")


def test_a_seat_has_one_holder_at_a_time(seat, secretary):
    holder = PersonFactory(forum=seat.forum, name="Birthe Holm")
    give(seat, holder, secretary, end=D(2019, 12, 31))

    with pytest.raises(ValidationError) as error:
        give(seat, PersonFactory(forum=seat.forum), secretary, start=D(2019, 6, 1))
    assert error.value.message_dict["starts_on"] == [
        "Pladsen er allerede besat af Birthe Holm fra 01.03.2018 til 31.12.2019. Afslut den "
        "periode først, eller tilføj personen som suppleant."
    ]
    successor = give(seat, PersonFactory(forum=seat.forum), secretary, start=D(2020, 1, 1))
    assert successor.pk
    assert Membership.objects.filter(seat=seat).count() == 2


def test_substitutes_may_sit_beside_the_holder(seat, secretary):
    give(seat, PersonFactory(forum=seat.forum), secretary)
    substitute = give(
        seat, PersonFactory(forum=seat.forum), secretary, role=Membership.Role.SUBSTITUTE
    )
    assert substitute.is_substitute


def test_the_forum_has_one_chair_at_a_time(forum, secretary):
    give(
        SeatFactory(forum=forum),
        PersonFactory(forum=forum, name="Birthe Holm"),
        secretary,
        role=Membership.Role.CHAIR,
    )
    with pytest.raises(ValidationError) as error:
        give(
            SeatFactory(forum=forum),
            PersonFactory(forum=forum),
            secretary,
            role=Membership.Role.CHAIR,
            start=D(2021, 1, 1),
        )
    assert error.value.message_dict["role"] == ["Birthe Holm er allerede formand i det tidsrum."]


@pytest.mark.parametrize(
    ("start", "end", "field"),
    [
        (D(2019, 6, 1), D(2019, 5, 31), "ends_on"),
        (D(2017, 1, 1), D(2018, 12, 31), "starts_on"),
        (D(2021, 1, 1), D(2022, 6, 30), "ends_on"),
    ],
)
def test_a_term_outside_the_mandate_or_ending_before_it_starts_is_refused(
    seat, secretary, start, end, field
):
    with pytest.raises(ValidationError) as error:
        give(seat, PersonFactory(forum=seat.forum), secretary, start=start, end=end)
    assert field in error.value.message_dict
    assert not Membership.objects.exists()


def test_editing_a_term_does_not_conflict_with_itself(seat, secretary):
    person = PersonFactory(forum=seat.forum)
    term = give(seat, person, secretary)
    edited = services.membership_save(
        membership=term,
        seat=seat,
        person=person,
        role=Membership.Role.MEMBER,
        starts_on=D(2018, 3, 1),
        ends_on=D(2020, 6, 30),
        user=secretary,
    )
    assert edited.ends_on == D(2020, 6, 30)
    assert term.history.count() == 2


def test_a_person_of_another_forum_cannot_take_a_seat(seat, secretary):
    stranger = MembershipFactory().person
    with pytest.raises(ValidationError) as error:
        give(seat, stranger, secretary)
    assert "person" in error.value.message_dict


def test_a_member_log_in_is_linked_to_the_person(forum, secretary, forum_member):
    person = services.person_save(
        forum=forum,
        user=secretary,
        name="Yasmin Ali",
        email="y@borger.example",
        account=forum_member,
    )
    assert forum_member.forum_people.get() == person
