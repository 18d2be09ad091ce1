import pytest

from consultation.models import HearingResponse
from consultation.textmatch import fingerprint, normalise

from .hearing_helpers import make_hearing, submit

pytestmark = pytest.mark.django_db

CAMPAIGN = (
    "Vi siger nej til at lukke biblioteket i Vejleåparken. Biblioteket er et mødested for "
    "børn, ældre og foreninger, og det er et af de få steder, hvor man kan være uden at "
    "skulle købe noget. Bevar biblioteket!"
)


def test_normalising_ignores_case_punctuation_and_spacing():
    assert normalise("  Bevar  BIBLIOTEKET!!\n") == "bevar biblioteket"
    assert fingerprint("Bevar biblioteket.") == fingerprint("bevar   biblioteket")


def test_near_identical_texts_join_the_first_and_are_counted(coordinator):
    hearing = make_hearing(user=coordinator)
    first = submit(hearing, text=CAMPAIGN + "\nHilsen Anna")
    exact = submit(hearing, text=CAMPAIGN.upper() + "\nHilsen Anna")
    edited = submit(hearing, text=CAMPAIGN.replace("Bevar biblioteket!", "Bevar det.") + " Bo")
    other = submit(hearing, text="Der mangler cykelstier langs Ishøj Strandvej mod stationen.")

    for response in (exact, edited):
        response.refresh_from_db()
        assert response.copy_of == first
    assert other.copy_of is None
    counted = HearingResponse.objects.with_copy_counts().get(pk=first.pk)
    assert counted.copies_count == 2
    assert HearingResponse.objects.originals().count() == 2


def test_spam_is_never_an_original_nor_counted(coordinator):
    hearing = make_hearing(user=coordinator)
    first = submit(hearing, text=CAMPAIGN)
    copy = submit(hearing, text=CAMPAIGN)
    HearingResponse.objects.filter(pk=copy.pk).update(status=HearingResponse.Status.SPAM)
    assert HearingResponse.objects.with_copy_counts().get(pk=first.pk).copies_count == 0
    HearingResponse.objects.filter(pk=first.pk).update(status=HearingResponse.Status.SPAM)
    later = submit(hearing, text=CAMPAIGN)
    assert later.copy_of is None


def test_copies_are_found_only_within_the_same_hearing(coordinator):
    first = submit(make_hearing(user=coordinator), text=CAMPAIGN)
    elsewhere = submit(make_hearing(user=coordinator), text=CAMPAIGN)
    assert elsewhere.copy_of is None and first.copy_of is None
