"""The hearing form's database statements per visit: its page and one response (issue 15).

The load of a hearing's last evening is citizens opening the page and posting the form, so
each statement is a round trip under load. These pins fail when a statement is added; the
lists say what each one is. Transactional tests: the statements are those of production
(autocommit, the service's own transaction), not savepoints inside a test's transaction.
"""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from consultation.models import HearingResponse, ResponseFeedback
from consultation.services.hearings import refresh_search_vectors
from medborger.models import OutboundEmail, PublicFormAttempt, PublicFormChallenge
from medborger.testing.public_forms import solved_fields
from policy.models import Section

from .hearing_helpers import make_hearing

pytestmark = pytest.mark.django_db(transaction=True)

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
TOKEN = re.compile(r'name="form_token" value="([^"]+)"')


def statements(queries) -> list[str]:
    """The statements sent, without the transaction's own BEGIN/COMMIT lines."""
    return [
        query["sql"]
        for query in queries.captured_queries
        if query["sql"].split()[0].upper() not in ("BEGIN", "COMMIT")
    ]


@pytest.fixture
def hearing(coordinator):
    return make_hearing(user=coordinator)


def test_the_hearing_page_is_one_statement_once_its_fragments_are_kept(client, hearing):
    url = reverse("consultation:hearing_detail", args=[hearing.slug])
    first = client.get(url).content.decode()
    with CaptureQueriesContext(connection) as queries:
        second = client.get(url).content.decode()
    # The hearing with its version, document and outcome. The draft's sections and the empty
    # form (with the sections to choose) are rendered once per frozen version and language.
    assert len(statements(queries)) == 1, statements(queries)

    def without_tokens(page: str) -> str:
        page = CSRF.sub("", TOKEN.sub("", page))
        return re.sub(r'challenge="[^"]*"', "", page)

    assert without_tokens(first) == without_tokens(second)
    for section in Section.objects.filter(version_id=hearing.version_id):
        assert section.heading in second
    for field in ("name", "email", "email_repeat", "subject", "text", "consent", "publication"):
        assert f'name="{field}"' in second
    assert 'name="altcha"' in second


def filled_in(client, url: str, number: int) -> dict:
    """The form of a fresh page, filled in as a browser sends it."""
    page = client.get(url).content.decode()
    return {
        "csrfmiddlewaretoken": CSRF.search(page).group(1),
        "form_token": TOKEN.search(page).group(1),
        "name": "Karin Holm",
        "email": f"karin{number}@example.org",
        "email_repeat": f"karin{number}@example.org",
        "represents": "private",
        "subject": f"Flere bænke {number}",
        "text": f"Vi ønsker flere bænke langs stranden, så ældre kan hvile sig ({number}).",
        "consent": "on",
        "publication": "with_name",
        **solved_fields(page),
    }


def test_a_response_from_the_form_is_twelve_statements(client, hearing, settings):
    settings.HEARING_MIN_FILL_SECONDS = 0  # posted at once, yet not held as too fast
    url = reverse("consultation:hearing_detail", args=[hearing.slug])
    # The first response of the year creates the year's reference counter.
    assert client.post(url, filled_in(client, url, 1)).status_code == 302
    data = filled_in(client, url, 2)
    with CaptureQueriesContext(connection) as queries:
        posted = client.post(url, data)
    assert posted.status_code == 302
    # 1 the hearing; then in one transaction (one commit): 2 the rate limit's count and the
    # attempt (one INSERT … SELECT); 3 the proof of work's one-time challenge (INSERT … ON
    # CONFLICT DO NOTHING); 4 the reference counter (UPDATE … RETURNING), inside the
    # service's savepoint (2 more lines); 5 the copy check (the first exact copy and the
    # responses sharing similarity bands, in one SELECT); 6 the response, with its search
    # vector on PostgreSQL; 7 its history; 8 its similarity bands; 9 the feedback choice;
    # 10 the receipt's daily limit per address; 11 the receipt in the outbox (inside a
    # savepoint: 2 more lines); after the commit, 12 the dashboard's stamp is deleted
    # (medborger/stamps.py: a DELETE in the database cache, a Redis call where the cache is
    # Redis).
    sent = [sql for sql in statements(queries) if "SAVEPOINT" not in sql.upper()]
    assert len(sent) == 12, "\n".join(sql[:80] for sql in sent)
    response = HearingResponse.objects.get(subject="Flere bænke 2")
    assert response.status == HearingResponse.Status.NEW
    assert response.reference == f"HS-{response.submitted_at.year}-0002"
    assert response.form_token in posted["Location"]
    assert response.history.count() == 1
    assert ResponseFeedback.objects.filter(response=response, declined=False).exists()
    assert OutboundEmail.objects.filter(
        idempotency_key=f"hearing-receipt:{response.reference}"
    ).exists()
    assert PublicFormAttempt.objects.count() == 2 and PublicFormChallenge.objects.count() == 2
    if connection.vendor == "postgresql":
        # The vector the INSERT computed is the one computed from the stored columns.
        stored = HearingResponse.objects.filter(pk=response.pk)
        inserted = str(stored.values_list("search_vector", flat=True).get())
        refresh_search_vectors(stored)
        assert inserted == str(stored.values_list("search_vector", flat=True).get())
        assert "'bænk':" in inserted

    # The same form again (a double click): the same receipt, nothing stored twice.
    again = client.post(url, data)
    assert again["Location"] == posted["Location"]
    assert HearingResponse.objects.count() == 2 and OutboundEmail.objects.count() == 2
