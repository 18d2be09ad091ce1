"""Cached values that are never stale: each belongs to a named stamp, and the code that changes
the data behind it bumps the stamp (signal receivers, and the bulk writers that send no
signals). A value is stored together with the stamp it was built under; it is used only while
that stamp is still the current one.

One `get_many` fetches the stamp and the value together, so a page that reads a cached value
makes one query where it made the ones that built it (the cache is the database here, Redis in
production). A bump deletes the stamp after the transaction commits: the next reader makes a
new one and builds the value again, and a value built from the old data by a request that
overlapped the change is stored under the old stamp and never used.
"""

import functools
import hashlib
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.db import transaction

#: How long a value is kept when nothing changes (the stamp alone decides whether it is current).
DEFAULT_TIMEOUT = 24 * 3600
#: A stamp lives this long, then values are built again: if a bump's delete is lost (Redis
#: errors are dropped, see settings.CACHES), nothing stays stale for longer than this.
STAMP_SECONDS = 300

#: The front page's blocks (`medborger.views.landing`): every app bumps it when data that one of
#: its `landing_blocks` shows changes (see its signals.py, and the bulk writers).
FRONT_PAGE = "front-page"


#: What the code that builds the values is made of: templates, Python and compiled messages.
_CODE_SUFFIXES = (".py", ".html", ".mo")


@functools.cache
def code_version() -> str:
    """A digest of the project's code, the same on every instance that runs the same code.

    Values are kept under it: a value built by the code of an earlier deploy (HTML from other
    templates, say) is never read by the new code, which builds its own. The stamps are shared
    across versions: they say whether the data changed, not the code."""
    from django.apps import apps

    base = Path(settings.BASE_DIR)
    roots = {Path(config.path) for config in apps.get_app_configs()}
    engines: list[dict[str, Any]] = settings.TEMPLATES
    roots.update(Path(folder) for engine in engines for folder in engine.get("DIRS", ()))
    roots.update(Path(folder) for folder in settings.LOCALE_PATHS)
    # The project's own folders (not the installed packages, which may lie inside it in .venv).
    own = [
        root
        for root in roots
        if root.is_relative_to(base) and not {"site-packages", "dist-packages"} & set(root.parts)
    ]
    files = sorted(
        path
        for root in own
        for path in root.rglob("*")
        if path.suffix in _CODE_SUFFIXES and "tests" not in path.relative_to(base).parts
    )
    digest = hashlib.blake2b(digest_size=8)
    for path in files:
        digest.update(str(path.relative_to(base)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _stamp_key(name: str) -> str:
    return f"stamp:{name}"


def bump(*names: str) -> None:
    """The data behind these stamps changed: values built before are not used again.

    The stamps are deleted once the transaction commits (deleting them at once would hold a
    lock on the cache's row until then, with the cache in the database). Until then this
    connection builds these values afresh instead of reading them, so the transaction sees its
    own change."""
    keys = [_stamp_key(name) for name in names]
    connection = transaction.get_connection()
    pending = connection.__dict__.setdefault("_stamps_pending", set())
    if connection.in_atomic_block:
        pending.update(names)

    def committed():
        caches["default"].delete_many(keys)
        pending.difference_update(names)

    transaction.on_commit(committed)


def _pending(name: str) -> bool:
    """Whether this connection's open transaction has bumped stamp `name`."""
    connection = transaction.get_connection()
    pending = connection.__dict__.get("_stamps_pending")
    if not pending:
        return False
    if not connection.in_atomic_block:  # the transaction ended (rolled back: nothing changed)
        pending.clear()
        return False
    return name in pending


def cached(
    name: str,
    key: str,
    build: Callable[[], Any],
    *,
    timeout: int = DEFAULT_TIMEOUT,
    usable: Callable[[Any], bool] | None = None,
) -> Any:
    """`build()`'s value, from the cache while stamp `name` has not been bumped since it was
    stored. `key` tells apart the values of one stamp (a date, a language). A value that
    changes with time alone as well (an event is over, a hearing opens) is built again once
    `usable(value)` is false."""
    if _pending(name):
        return build()
    cache = caches["default"]
    stamp_key, value_key = _stamp_key(name), f"stamped:{code_version()}:{name}:{key}"
    found = cache.get_many([stamp_key, value_key])
    stamp, entry = found.get(stamp_key), found.get(value_key)
    if (
        stamp is not None
        and entry is not None
        and entry[0] == stamp
        and (usable is None or usable(entry[1]))
    ):
        return entry[1]
    if stamp is None:
        stamp = uuid.uuid4().hex
        if not cache.add(stamp_key, stamp, timeout=STAMP_SECONDS):
            stamp = cache.get(stamp_key) or stamp
    value = build()
    cache.set(value_key, (stamp, value), timeout=timeout)
    return value
