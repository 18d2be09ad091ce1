import time

import pytest

from consultation.models import HearingReport
from consultation.services.hearing_reports import report_request

from .hearing_helpers import make_hearing, submit

pytestmark = [pytest.mark.celery_live, pytest.mark.django_db(transaction=True)]


def test_a_real_worker_builds_the_report_through_redis(
    celery_worker_process, coordinator, tmp_path
):
    hearing = make_hearing(user=coordinator)
    submit(hearing)
    celery_worker_process()
    report = report_request(hearing=hearing, user=coordinator)  # nudges after commit
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        report.refresh_from_db()
        if report.status == HearingReport.Status.DONE:
            break
        time.sleep(0.3)
    assert report.status == HearingReport.Status.DONE, (report.status, report.error)
    assert report.progress == 100 and report.responses_count == 1
    # The worker's MEDIA_ROOT lies below its own var directory.
    for stored in (report.html_file, report.docx_file, report.pdf_file):
        assert (tmp_path / "media" / stored.name).stat().st_size > 0
