"""Structured logs: a request id on every line, one access line per request, one per task.

Every request gets an id: the incoming `X-Request-ID` when it is sane (a proxy's or load
balancer's id, so their logs and ours join), else a new one. It is returned in the response's
`X-Request-ID`, kept in a context variable that `RequestIdFilter` puts on every log record,
and sent along as a message header with every Celery task queued while it runs, so the task's
log lines carry the same id (a task queued by a task carries it on; a task that came with
none, from beat, gets an id of its own).

The lines are JSON (python-json-logger) or readable text, as `LOG_FORMAT` in settings says. The
access line names the route (the URL's name, never the path, which can hold tokens), never an
e-mail address, a form field or anything of the response's content.
"""

import logging
import re
import time
import uuid
from contextvars import ContextVar, Token
from typing import Any

from celery import signals
from django.http import HttpRequest
from django.utils.functional import empty

from .roles import Role

REQUEST_ID_HEADER = "X-Request-ID"
#: The Celery message header that carries the request id into a task.
TASK_HEADER = "medborger_request_id"
#: What an incoming id may be: letters, digits and `._:-`, at most 128 characters (a UUID, a
#: proxy's hex id, AWS's `Root=...` without its `=`). Anything else is replaced.
_SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")

request_id_var: ContextVar[str] = ContextVar("medborger_request_id", default="")

access_log = logging.getLogger("medborger.access")
task_log = logging.getLogger("medborger.tasks")

#: Roles of municipal staff, whose user id the access line carries (not a forum member's).
STAFF_ROLES = frozenset(Role.values) - {Role.FORUM_MEMBER}
KNOWN_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})


def new_request_id() -> str:
    return uuid.uuid4().hex


def sane_request_id(value: str | None) -> str:
    """The incoming id if it is one we can log safely, else a new one."""
    if value and _SANE_REQUEST_ID.fullmatch(value):
        return value
    return new_request_id()


class RequestIdFilter(logging.Filter):
    """Puts the current request (or task) id on every record: `-` outside of both."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not getattr(record, "request_id", None):
            record.request_id = request_id_var.get() or "-"
        return True


def route_name(request: HttpRequest) -> str:
    """The URL's name (`consultation:hearing_detail`): bounded, unlike the path."""
    match = getattr(request, "resolver_match", None)
    return (match.view_name or "unnamed") if match else "unmatched"


def method_name(request: HttpRequest) -> str:
    method = request.method or ""
    return method if method in KNOWN_METHODS else "other"


def staff_user_id(request: HttpRequest) -> int | None:
    """The user's id when the request already knew them to be staff; never a new query.

    A user object nobody on the request looked at is not loaded for the log; the roles are
    read only when a permission check already cached them (`medborger.roles.roles_of`).
    """
    user = getattr(request, "user", None)
    if user is None or getattr(user, "_wrapped", None) is empty:
        return None
    if not user.is_authenticated:
        return None
    roles = getattr(user, "_medborger_roles", None) or set()
    if user.is_superuser or user.is_staff or roles & STAFF_ROLES:
        return user.pk
    return None


def access_log_line(request: HttpRequest, *, status: int, route: str, seconds: float) -> None:
    duration_ms = round(seconds * 1000, 1)
    method = method_name(request)
    fields = {"method": method, "route": route, "status": status, "duration_ms": duration_ms}
    user_id = staff_user_id(request)
    if user_id is not None:
        fields["user_id"] = user_id
    access_log.info("%s %s %s %.1fms", method, route, status, duration_ms, extra=fields)


# --- Celery -----------------------------------------------------------------------------------

_task_started: dict[str, tuple[float, Token[str]]] = {}


@signals.before_task_publish.connect(dispatch_uid="medborger.logs.carry_request_id")
def carry_request_id(headers: dict | None = None, **kwargs: Any) -> None:
    """Every task queued during a request (or a task) carries its id in a message header."""
    request_id = request_id_var.get()
    if request_id and headers is not None:
        headers.setdefault(TASK_HEADER, request_id)


def task_request_id(task: Any) -> str:
    request = getattr(task, "request", None)
    headers = getattr(request, "headers", None) or {}
    sent = headers.get(TASK_HEADER) or getattr(request, TASK_HEADER, None)
    if isinstance(sent, str) and _SANE_REQUEST_ID.fullmatch(sent):
        return sent
    # Run eagerly inside a request: that request's id; from beat or an old message: a new one.
    return request_id_var.get() or new_request_id()


@signals.task_prerun.connect(dispatch_uid="medborger.logs.task_started")
def task_started(task_id: str | None = None, task: Any = None, **kwargs: Any) -> None:
    if task_id is None or task is None:
        return
    token = request_id_var.set(task_request_id(task))
    _task_started[task_id] = (time.perf_counter(), token)


@signals.task_postrun.connect(dispatch_uid="medborger.logs.task_finished")
def task_finished(
    task_id: str | None = None, task: Any = None, state: str | None = None, **kwargs: Any
) -> None:
    started = _task_started.pop(task_id, None) if task_id else None
    if started is None:
        return
    began, token = started
    duration_ms = round((time.perf_counter() - began) * 1000, 1)
    name = getattr(task, "name", "unknown")
    try:
        task_log.info(
            "task %s %s %.1fms",
            name,
            state,
            duration_ms,
            extra={
                "task_name": name,
                "task_id": task_id,
                "state": state,
                "duration_ms": duration_ms,
            },
        )
    finally:
        try:
            request_id_var.reset(token)
        except ValueError:  # set in another context (should not happen in a worker)
            request_id_var.set("")


def configure_worker_logging(loglevel: int | str | None = None) -> None:
    """Celery's `setup_logging`: workers and beat log through Django's LOGGING (JSON lines
    in production) instead of Celery's own format; `--loglevel` sets the root's level. The
    access and task loggers have their own level, so task lines appear at any `--loglevel`."""
    from logging.config import dictConfig

    from django.conf import settings

    dictConfig(settings.LOGGING)
    if loglevel:
        logging.getLogger().setLevel(loglevel)
