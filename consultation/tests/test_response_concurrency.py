"""50 clients at once: every response is stored once with its own reference."""

import threading

import pytest
from django.db import connection

from consultation.models import HearingResponse

from .hearing_helpers import make_hearing, submit

pytestmark = pytest.mark.django_db(transaction=True)

CLIENTS = 50


def test_fifty_concurrent_submissions_get_unique_references(coordinator):
    hearing = make_hearing(user=coordinator)
    errors = []
    barrier = threading.Barrier(CLIENTS)

    def client(n):
        try:
            barrier.wait()
            submit(hearing, text=f"Svar {n}: {'ord ' * (n % 7)} om stier, bænke og lys nummer {n}.")
        except Exception as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=client, args=(n,)) for n in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    references = list(HearingResponse.objects.values_list("reference", flat=True))
    assert len(references) == CLIENTS
    numbers = sorted(int(reference.rsplit("-", 1)[1]) for reference in references)
    assert numbers == list(range(1, CLIENTS + 1))
