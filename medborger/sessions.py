"""The session engine: Django's database sessions, read with plain SQL.

Every logged-in request reads its session first. Building the ORM query for it (a filter on
the key and the expiry date) cost more of a worker's time than PostgreSQL took to answer, so
the same statement is written once per process here. Saving, expiry and clearing are
Django's own. Set as SESSION_ENGINE.
"""

import functools
import logging

from django.contrib.sessions.backends import db
from django.core.exceptions import SuspiciousOperation
from django.db import connections
from django.utils import timezone


class SessionStore(db.SessionStore):
    def _get_session_from_db(self):
        model = self.model
        using = model.objects.db
        now = connections[using].ops.adapt_datetimefield_value(timezone.now())
        try:
            found = list(model.objects.raw(_session_sql(model), [self.session_key, now]))
        except SuspiciousOperation as error:
            logger = logging.getLogger(f"django.security.{error.__class__.__name__}")
            logger.warning(str(error))
            found = []
        if not found:
            self._session_key = None
            return None
        return found[0]


@functools.cache
def _session_sql(model) -> str:
    """The session with this key that has not expired, every column."""
    quote = connections[model.objects.db].ops.quote_name
    table = quote(model._meta.db_table)
    columns = ", ".join(f"{table}.{quote(f.column)}" for f in model._meta.concrete_fields)
    key = quote(model._meta.get_field("session_key").column)
    expires = quote(model._meta.get_field("expire_date").column)
    return f"SELECT {columns} FROM {table} WHERE {table}.{key} = %s AND {table}.{expires} > %s"
