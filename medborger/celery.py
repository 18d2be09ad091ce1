import atexit
import logging
import os
import signal
import socket
import sys
import threading
import uuid

from celery import Celery
from celery.signals import beat_init, setup_logging

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "medborger.settings")

app = Celery("medborger")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@setup_logging.connect
def _logging_from_settings(loglevel=None, **kwargs):
    """Workers and beat log like the web processes (medborger.logs), not in Celery's format."""
    from .logs import configure_worker_logging

    configure_worker_logging(loglevel)


logger = logging.getLogger("medborger.beat")

#: The Redis key a running `celery beat` holds, so that a second one refuses to start.
BEAT_LOCK_KEY = "medborger:celery-beat"
#: The lock lapses this long after its holder stopped renewing it (killed, host gone).
BEAT_LOCK_SECONDS = 60
_RENEW = (
    "if redis.call('get', KEYS[1]) == ARGV[1] then "
    "return redis.call('expire', KEYS[1], ARGV[2]) else return 0 end"
)
_RELEASE = (
    "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) "
    "else return 0 end"
)


@beat_init.connect
def one_beat_only(sender=None, **kwargs) -> None:
    """Exactly one beat in a deployment of several instances (deploy/Procfile).

    A standalone `celery beat` takes a lock in Redis before it schedules anything and renews it
    every BEAT_LOCK_SECONDS / 3; a second beat started while the lock is held exits with a
    message, and a beat that finds its lock taken by another (after a long Redis outage) stops.
    So a standby beat on another host may be started by systemd again and again: it takes over
    only after the active one is gone; a beat stopped normally releases the lock at once.
    Without Redis there is nothing to guard, and a worker's embedded beat (`worker -B`, used by
    `make run` and `make faults`, one process on one machine) is not guarded either.
    """
    from django.conf import settings

    if not settings.REDIS_URL or "worker" in sys.argv[1:]:
        return
    import redis

    client = redis.Redis.from_url(settings.REDIS_URL, socket_timeout=5)
    token = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
    if not client.set(BEAT_LOCK_KEY, token, nx=True, ex=BEAT_LOCK_SECONDS):
        holder = (client.get(BEAT_LOCK_KEY) or b"?").decode()
        raise SystemExit(
            f"Another celery beat is running ({holder}); exactly one may run. "
            f"This one stops; it can take over {BEAT_LOCK_SECONDS} s after the other is gone."
        )
    logger.info("celery beat holds %s as %s", BEAT_LOCK_KEY, token)
    atexit.register(_release_beat_lock, client, token)
    threading.Thread(
        target=_renew_beat_lock, args=(client, token), name="beat-lock", daemon=True
    ).start()


def _release_beat_lock(client, token: str) -> None:
    try:
        client.eval(_RELEASE, 1, BEAT_LOCK_KEY, token)
    except Exception:  # Redis unreachable: the lock lapses by itself
        logger.warning("celery beat could not release its lock", exc_info=True)


def _renew_beat_lock(client, token: str) -> None:
    renew = client.register_script(_RENEW)
    while True:
        threading.Event().wait(BEAT_LOCK_SECONDS / 3)
        try:
            if renew(keys=[BEAT_LOCK_KEY], args=[token, BEAT_LOCK_SECONDS]):
                continue
            # Lapsed while Redis was away: take it again unless another beat has it now.
            if client.set(BEAT_LOCK_KEY, token, nx=True, ex=BEAT_LOCK_SECONDS):
                continue
        except Exception:  # Redis unreachable: keep beating, try again soon
            logger.warning("celery beat could not renew its lock; retrying", exc_info=True)
            continue
        logger.error("another celery beat took over %s; this one stops", BEAT_LOCK_KEY)
        os.kill(os.getpid(), signal.SIGTERM)
        return
