"""gunicorn settings: `gunicorn -c python:medborger.gunicorn_config medborger.wsgi`.

With `PROMETHEUS_MULTIPROC_DIR` set (a folder of its own for each gunicorn on the host, writable,
best on tmpfs), every worker writes its request counts there and /metrics sums them over all
workers (medborger/metrics.py). The folder is emptied when gunicorn starts, so a restart starts
the counters afresh, and a worker that exits is marked so that its live gauges are dropped while
its counts stay in the sums. Options given on the command line still apply.
"""

import os
from pathlib import Path
from typing import Any

wsgi_app = "medborger.wsgi"


def on_starting(server: Any) -> None:
    directory = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if directory:
        folder = Path(directory)
        folder.mkdir(parents=True, exist_ok=True)
        for stale in folder.glob("*.db"):
            stale.unlink()


def child_exit(server: Any, worker: Any) -> None:
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
