"""Filling in a public form as a browser does: solving its proof of work for real.

The public forms (medborger/public_forms.py) refuse a post without a solved ALTCHA challenge.
Tests solve it with the same computation the browser's widget does (PBKDF2 until the derived
key has the challenge's prefix), from the challenge the page hands out or a fresh one.
"""

import html
import json
import re
import time

import altcha
from django.utils import timezone

from medborger.public_forms import POW_FIELD, PublicFormPolicy

_CHALLENGE = re.compile(r'<altcha-widget[^>]*\schallenge="([^"]*)"')


def solve_challenge(challenge_json: str) -> str:
    """The payload a browser posts for this challenge (the `altcha` field)."""
    challenge = altcha.Challenge.from_dict(json.loads(challenge_json))
    solution = altcha.solve_challenge(challenge, timeout=60)
    assert solution is not None, "the proof of work could not be solved"
    return altcha.Payload(challenge, solution).to_base64()


def solved_fields(page: str) -> dict:
    """{"altcha": payload} for the proof of work on this page, {} if it has none."""
    found = _CHALLENGE.search(page)
    if found is None:
        return {}
    return {POW_FIELD: solve_challenge(html.unescape(found.group(1)))}


def proof_of_work(policy: PublicFormPolicy) -> str:
    """A freshly issued challenge of this form, solved."""
    return solve_challenge(policy.challenge())


def aged_stamp(policy: PublicFormPolicy, *, scope, seconds: int) -> str:
    """The form's stamp as if the page had been opened `seconds` ago."""
    from django.core import signing

    return signing.dumps(
        {"h": scope, "n": f"test-{time.monotonic_ns()}", "t": timezone.now().timestamp() - seconds},
        salt=policy.stamp_salt,
    )


def form_fields(policy: PublicFormPolicy, *, scope, seconds: int = 120) -> dict:
    """What a person's browser adds to a public form filled in over `seconds`."""
    return {
        POW_FIELD: proof_of_work(policy),
        policy.stamp_field: aged_stamp(policy, scope=scope, seconds=seconds),
    }
