"""Exactly one celery beat (medborger/celery.py): a second beat refuses to start while the first
holds its lock in Redis, and takes over once the lock is gone."""

import os
import sys

import pytest

from medborger import celery as celery_module

needs_redis = pytest.mark.skipif(
    not os.environ.get("REDIS_URL"), reason="Needs Redis: set REDIS_URL (the CI run does)."
)


@needs_redis
def test_a_second_beat_refuses_to_start_and_takes_over_when_the_first_is_gone(
    settings, monkeypatch
):
    import redis

    settings.REDIS_URL = os.environ["REDIS_URL"]
    client = redis.Redis.from_url(settings.REDIS_URL)
    key = celery_module.BEAT_LOCK_KEY
    client.delete(key)
    renewing = []
    monkeypatch.setattr(
        celery_module, "_renew_beat_lock", lambda _client, token: renewing.append(token)
    )
    try:
        celery_module.one_beat_only()
        first = client.get(key).decode()
        assert 0 < client.ttl(key) <= celery_module.BEAT_LOCK_SECONDS

        with pytest.raises(SystemExit, match="Another celery beat is running"):
            celery_module.one_beat_only()
        assert client.get(key).decode() == first

        client.delete(key)  # the first beat is gone and its lock has lapsed
        celery_module.one_beat_only()
        second = client.get(key).decode()
        assert second not in ("", first)
        assert len(renewing) == 2

        # A beat stopping normally releases its own lock, never another's.
        celery_module._release_beat_lock(client, first)
        assert client.get(key).decode() == second
        celery_module._release_beat_lock(client, second)
        assert client.get(key) is None
    finally:
        client.delete(key)


@needs_redis
def test_a_workers_embedded_beat_is_not_guarded(settings, monkeypatch):
    import redis

    settings.REDIS_URL = os.environ["REDIS_URL"]
    client = redis.Redis.from_url(settings.REDIS_URL)
    client.set(celery_module.BEAT_LOCK_KEY, "elsewhere:1:x", ex=30)
    monkeypatch.setattr(sys, "argv", ["celery", "-A", "medborger", "worker", "-B"])
    try:
        assert celery_module.one_beat_only() is None
        assert client.get(celery_module.BEAT_LOCK_KEY) == b"elsewhere:1:x"
    finally:
        client.delete(celery_module.BEAT_LOCK_KEY)


def test_without_redis_there_is_nothing_to_guard(settings):
    settings.REDIS_URL = ""
    assert celery_module.one_beat_only() is None
