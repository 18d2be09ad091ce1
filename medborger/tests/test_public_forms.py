"""The public-form policy on its own: rate limit per address, proof of work, stamp, timing."""

import datetime
import json

import altcha
import pytest
from django.test import RequestFactory
from django.utils import timezone

from medborger.models import OutboundEmail, PublicFormAttempt, PublicFormChallenge
from medborger.public_forms import (
    FormRefused,
    PublicFormPolicy,
    mail_allowed,
    public_forms_cleanup,
    single_line,
)
from medborger.testing.public_forms import aged_stamp, proof_of_work, solve_challenge

pytestmark = pytest.mark.django_db

POLICY = PublicFormPolicy(
    name="test-form",
    limit_setting="EVENT_SIGNUP_RATE_LIMIT",
    window_setting="EVENT_SIGNUP_RATE_WINDOW_MINUTES",
    min_fill_setting="HEARING_MIN_FILL_SECONDS",
    stamp_salt="medborger.tests.public-form",
)
OTHER = PublicFormPolicy(
    name="other-form",
    limit_setting="EVENT_SIGNUP_RATE_LIMIT",
    window_setting="EVENT_SIGNUP_RATE_WINDOW_MINUTES",
    min_fill_setting="HEARING_MIN_FILL_SECONDS",
    stamp_salt="medborger.tests.other-form",
)


def post(data: dict, address: str = "198.51.100.7"):
    return RequestFactory().post("/formular/", data, REMOTE_ADDR=address)


def refusal_of(request, policy=POLICY) -> FormRefused:
    with pytest.raises(FormRefused) as refused:
        policy.judge(request, scope=1)
    return refused.value


def test_a_solved_challenge_passes_once_and_a_replay_is_refused():
    data = {"altcha": proof_of_work(POLICY), "form_stamp": aged_stamp(POLICY, scope=1, seconds=60)}
    verdict = POLICY.judge(post(data), scope=1)
    assert (verdict.honeypot, verdict.too_fast, verdict.fill_seconds) == (False, False, 60)
    refused = refusal_of(post(data))
    assert refused.status == 409 and "allerede sendt" in refused.message
    assert PublicFormChallenge.objects.count() == 1


def test_without_javascript_the_form_is_refused_with_a_danish_message():
    refused = refusal_of(post({"name": "Anna"}))
    assert refused.status == 400
    assert "kræver JavaScript" in refused.message


@pytest.mark.parametrize(
    "payload",
    [
        "ikke base64 æøå",
        "eyJ0ZXN0Ijp0cnVlfQ==",  # {"test":true}: the widget's test mode proves nothing
        "W10=",  # []
        "bnVsbA==",  # null
    ],
)
def test_a_malformed_payload_is_refused_not_a_server_error(payload):
    assert refusal_of(post({"altcha": payload})).status == 400


def test_a_forged_solution_or_a_challenge_signed_with_another_key_is_refused():
    challenge = altcha.Challenge.from_dict(json.loads(POLICY.challenge()))
    wrong = altcha.Payload(challenge, altcha.Solution(counter=1, derived_key="00" * 32))
    assert refusal_of(post({"altcha": wrong.to_base64()})).status == 400
    foreign = altcha.create_challenge(
        algorithm="PBKDF2/SHA-256", cost=1, data={"form": "test-form"}, hmac_secret="guessed"
    )
    solved = altcha.Payload(foreign, altcha.solve_challenge(foreign)).to_base64()
    assert refusal_of(post({"altcha": solved})).status == 400
    assert not PublicFormChallenge.objects.exists()


def test_a_challenge_of_another_form_is_refused():
    assert refusal_of(post({"altcha": proof_of_work(OTHER)})).status == 400


def test_an_expired_challenge_is_refused_with_a_request_to_send_again(settings):
    settings.PUBLIC_FORM_CHALLENGE_MINUTES = 10
    old = POLICY.challenge(now=timezone.now() - datetime.timedelta(minutes=11))
    refused = refusal_of(post({"altcha": solve_challenge(old)}))
    assert refused.status == 400 and "udløbet" in refused.message


def test_the_rate_limit_counts_every_post_per_address_in_the_database(settings):
    settings.EVENT_SIGNUP_RATE_LIMIT = 2
    for _n in range(2):
        assert refusal_of(post({})).status == 400  # refused for want of a proof: still counted
    refused = refusal_of(post({"altcha": proof_of_work(POLICY)}))
    assert refused.status == 429 and "mange formularer" in refused.message
    # Another address, and the same address for another form, are not affected.
    POLICY.judge(post({"altcha": proof_of_work(POLICY)}, address="198.51.100.8"), scope=1)
    OTHER.judge(post({"altcha": proof_of_work(OTHER)}), scope=1)
    assert PublicFormAttempt.objects.filter(form="test-form").count() == 3
    assert not PublicFormAttempt.objects.filter(address_hash__contains="198.51").exists()


def test_a_fast_fill_and_the_honeypot_are_told_not_refused(settings):
    settings.HEARING_MIN_FILL_SECONDS = 5
    data = {
        "altcha": proof_of_work(POLICY),
        "form_stamp": aged_stamp(POLICY, scope=1, seconds=1),
        "website": "http://spam.example",
    }
    verdict = POLICY.judge(post(data), scope=1)
    assert verdict.too_fast and verdict.honeypot
    # A stamp for another scope (another event) is no stamp at all.
    data = {"altcha": proof_of_work(POLICY), "form_stamp": aged_stamp(POLICY, scope=2, seconds=60)}
    assert POLICY.judge(post(data), scope=1).stamp is None


def test_names_lose_their_line_breaks():
    assert single_line("Anna\r\nBcc: x@example.org\n\tKøb  nu ") == "Anna Bcc: x@example.org Køb nu"


def test_mail_to_one_address_is_limited_per_day(settings):
    settings.PUBLIC_FORM_MAILS_PER_ADDRESS_PER_DAY = 2
    limited = PublicFormPolicy(
        name="mailing-form",
        limit_setting="EVENT_SIGNUP_RATE_LIMIT",
        window_setting="EVENT_SIGNUP_RATE_WINDOW_MINUTES",
        min_fill_setting="HEARING_MIN_FILL_SECONDS",
        stamp_salt="medborger.tests.mailing-form",
        unconfirmed_notifications=("test_unconfirmed",),
    )
    assert limited.unconfirmed_notifications
    now = timezone.now()
    for when in (now - datetime.timedelta(hours=25), now, now):
        OutboundEmail.objects.create(
            to_address="anna@example.org",
            notification="test_unconfirmed",
            from_address="noreply@example.org",
            subject="x",
            body_text="x",
            message_id=OutboundEmail.new_message_id(),
            created_at=when,
        )
    assert not mail_allowed(to="ANNA@example.org", now=now)
    assert mail_allowed(to="bo@example.org", now=now)
    assert mail_allowed(to="anna@example.org", now=now + datetime.timedelta(days=1))


def test_the_cleanup_forgets_old_counters_and_expired_challenges(settings):
    now = timezone.now()
    PublicFormAttempt.objects.create(form="f", address_hash="a", created_at=now)
    PublicFormAttempt.objects.create(
        form="f", address_hash="a", created_at=now - datetime.timedelta(days=2)
    )
    PublicFormChallenge.objects.create(nonce="old", form="f", expires_at=now)
    PublicFormChallenge.objects.create(
        nonce="new", form="f", expires_at=now + datetime.timedelta(hours=1)
    )
    assert public_forms_cleanup(now=now + datetime.timedelta(seconds=1)) == 2
    assert public_forms_cleanup(now=now + datetime.timedelta(seconds=1)) == 0
    assert PublicFormAttempt.objects.count() == 1
    assert list(PublicFormChallenge.objects.values_list("nonce", flat=True)) == ["new"]
    entry = settings.CELERY_BEAT_SCHEDULE["public-forms-cleanup"]
    assert entry["task"] == "medborger.public_forms_cleanup"
