"""A hearing of the labelled test set's draft, with its responses, for the analysis tests."""

import datetime

from django.utils import timezone

from consultation import textmatch
from consultation.analysis import testdata
from consultation.models import HearingResponse

from .hearing_helpers import make_document, make_hearing


def labelled_hearing(*, limit: int | None = None, user=None):
    """The draft of ten sections in hearing, and (the first `limit` of) its labelled responses,
    each with its label's id as reference."""
    draft = testdata.draft()
    document = make_document(
        user=user, sections=[(s["heading"], f"<p>{s['text']}</p>") for s in draft["sections"]]
    )
    hearing = make_hearing(user=user, document=document)
    add_responses(hearing, testdata.responses()[:limit])
    return hearing


def add_responses(hearing, labelled, *, start: int = 0) -> list[HearingResponse]:
    now = timezone.now()
    return HearingResponse.objects.bulk_create(
        [
            HearingResponse(
                hearing=hearing,
                reference=f"{r.id}-{hearing.pk}",
                form_token=f"{hearing.pk}-{start + i}",
                submitted_at=now - datetime.timedelta(minutes=10_000 - start - i),
                name="",
                subject="",
                text=r.text,
                consent_at=now,
                normalised_hash=textmatch.fingerprint(r.text),
            )
            for i, r in enumerate(labelled)
        ]
    )


def section(hearing, number: int):
    return hearing.version.sections.get(position=number)
