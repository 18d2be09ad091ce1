"""gunicorn's settings for one Medborger instance (`gunicorn -c deploy/gunicorn.conf.py`).

Read from the environment so the same file serves every instance and `make cluster`:
MEDBORGER_WEB_BIND (default 127.0.0.1:8000; a private address the load balancer reaches, never
the internet) and WEB_CONCURRENCY (sync workers, default 3).
"""

import os
import sys
from pathlib import Path

wsgi_app = "medborger.wsgi"
bind = [os.environ.get("MEDBORGER_WEB_BIND", "127.0.0.1:8000")]
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
worker_class = "sync"
# Django is loaded once in the master before the workers are forked: a new or replaced worker
# answers at once (the load balancer's health check too) and shares the loaded code's memory.
preload_app = True
# A request may run this long (a PDF report, a large export) before its worker is replaced.
timeout = 60
# On SIGTERM (a deploy, a stopped instance) requests in progress get this long to finish, while
# the load balancer already sends new ones to the other instances.
graceful_timeout = 30
# A worker is replaced now and then, so that no slow growth of memory lasts.
max_requests = 2000
max_requests_jitter = 200
accesslog = os.environ.get("MEDBORGER_ACCESS_LOG") or None
loglevel = os.environ.get("LOG_LEVEL", "warning").lower()

# Prometheus multiprocess mode (PROMETHEUS_MULTIPROC_DIR): empty the folder at start, mark
# exited workers (medborger/gunicorn_config.py holds the hooks, for this file and for tests).
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the release's root
from medborger.gunicorn_config import child_exit, on_starting  # noqa: E402,F401
