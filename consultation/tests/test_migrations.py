"""Migrations that move data: the language of the form has one home, the response."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from .hearing_helpers import make_hearing, submit

BEFORE = [("consultation", "0011_point_section_suggestions")]


@pytest.mark.django_db(transaction=True)
def test_the_feedback_rows_language_moves_to_the_response_before_it_is_dropped(coordinator):
    hearing = make_hearing(user=coordinator)
    arabic = submit(hearing, email="ar@example.org", text="Et svar på arabisk.")
    danish = submit(hearing, email="da@example.org", text="Et svar på dansk om parker.")
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    HearingResponse = old.get_model("consultation", "HearingResponse")
    ResponseFeedback = old.get_model("consultation", "ResponseFeedback")
    # Stored before the response had its own language: the response says Danish, the
    # feedback row remembers Arabic.
    HearingResponse.objects.filter(pk__in=[arabic.pk, danish.pk]).update(language="da")
    ResponseFeedback.objects.filter(response_id=arabic.pk).update(language="ar")
    ResponseFeedback.objects.filter(response_id=danish.pk).update(language="da")

    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes()  # every app back where the other tests expect
    executor.migrate(latest)
    new = executor.loader.project_state(latest).apps
    languages = dict(
        new.get_model("consultation", "HearingResponse").objects.values_list("pk", "language")
    )
    assert languages == {arabic.pk: "ar", danish.pk: "da"}
    field_names = {
        f.name for f in new.get_model("consultation", "ResponseFeedback")._meta.get_fields()
    }
    assert "language" not in field_names
