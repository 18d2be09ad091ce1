"""/metrics under gunicorn: the counts of every worker process, summed (multiprocess mode)."""

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest
from prometheus_client.parser import text_string_to_metric_families

from medborger.testing.fixtures import subprocess_env

pytestmark = pytest.mark.django_db(transaction=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:  # /healthz answers 503 when a service is down
        return error.code, ""


@pytest.fixture
def gunicorn(tmp_path, settings):
    """gunicorn with two workers that each exit after two requests, sharing a metrics folder
    (the app preloaded, as forking a new worker is then quick)."""
    port = free_port()
    metrics_dir = tmp_path / "prometheus"
    (metrics_dir / "left-over.db").parent.mkdir()
    (metrics_dir / "left-over.db").write_bytes(b"from an earlier run")
    env = {
        **subprocess_env(),
        "PROMETHEUS_MULTIPROC_DIR": str(metrics_dir),
        "PROXY_COUNT": "0",
        "METRICS_ALLOWED_ADDRESSES": "127.0.0.1",
    }
    binary = shutil.which("gunicorn", path=os.path.dirname(sys.executable))
    process = subprocess.Popen(
        [binary, "-c", "python:medborger.gunicorn_config", "-b", f"127.0.0.1:{port}"]
        + ["-w", "2", "--max-requests", "2", "--preload", "--log-level", "warning"],
        env=env,
        cwd=settings.BASE_DIR,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            time.sleep(0.2)
    yield f"http://127.0.0.1:{port}", metrics_dir
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()


def test_a_scrape_sums_the_requests_of_every_worker_process(gunicorn):
    base, metrics_dir = gunicorn
    assert not (metrics_dir / "left-over.db").exists()  # emptied when gunicorn started

    for _ in range(6):
        status, _body = get(f"{base}/healthz")
        assert status in (200, 503)
    status, text = get(f"{base}/metrics")

    assert status == 200
    healthz = [
        sample
        for family in text_string_to_metric_families(text)
        for sample in family.samples
        if sample.name == "medborger_http_requests_total" and sample.labels["route"] == "healthz"
    ]
    # Six requests, served by at least three processes (each exits after two requests).
    assert sum(sample.value for sample in healthz) == 6
    pids = {path.stem.rsplit("_", 1)[1] for path in metrics_dir.glob("counter_*.db")}
    assert len(pids) >= 3
