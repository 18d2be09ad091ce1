"""The cache in Redis, as production runs it (settings.CACHE_REDIS_URL): shared counts work, and
a Redis that is away never fails a request."""

import os
import uuid

import pytest
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse

from medborger.throttle import over_limit


def _redis_cache(location: str) -> dict:
    return {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": location,
            "KEY_PREFIX": f"test-{uuid.uuid4().hex}",
            "OPTIONS": {
                "IGNORE_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": 0.5,
                "SOCKET_TIMEOUT": 0.5,
            },
        }
    }


@pytest.mark.skipif(
    not os.environ.get("REDIS_URL"), reason="Needs Redis: set REDIS_URL (the CI run does)."
)
def test_the_throttle_counts_in_redis():
    with override_settings(CACHES=_redis_cache(os.environ["REDIS_URL"])):
        results = [over_limit("test", "192.0.2.1", limit=3, window_seconds=60) for _ in range(5)]
        cache.set("kept", {"a": 1})
        assert cache.get("kept") == {"a": 1}
        cache.delete("kept")
    assert results == [False, False, False, True, True]


@pytest.mark.django_db
def test_a_redis_that_is_away_is_a_miss_and_never_an_error(client):
    with override_settings(CACHES=_redis_cache("redis://127.0.0.1:1/0")):
        cache.set("kept", 1)
        assert cache.get("kept") is None
        assert cache.get_many(["a", "b"]) == {}
        assert not over_limit("test", "192.0.2.1", limit=0, window_seconds=60)
        response = client.get(reverse("landing"))
    assert response.status_code == 200
