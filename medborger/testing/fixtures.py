"""Fixtures shared by every app's tests (loaded from the root conftest.py)."""

import os
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from medborger.roles import Role

from .browser import CHROMIUM_ARGS, A11yPage, chromium_path
from .factories import UserFactory

#: The personas of the permission tests: a fixture name for each, and the role it holds.
PERSONAS = {
    "anonymous": None,
    "coordinator": Role.COORDINATOR,
    "steering_member": Role.STEERING_GROUP,
    "project_member": Role.PROJECT_GROUP,
    "secretary": Role.SECRETARIAT,
    "forum_member": Role.FORUM_MEMBER,
    "superuser": "superuser",
}


@pytest.fixture(autouse=True)
def _cache_emptied_after_committing_tests(request, django_db_blocker):
    """Values cached by a test that commits (`django_db(transaction=True)`, a live server) stay
    in the cache table after its data is flushed: a later test would be shown them (the front
    page is cached under a stamp that lives for minutes). A test in a transaction needs nothing:
    its cache rows roll back with it."""
    yield
    marker = request.node.get_closest_marker("django_db")
    committing = (marker is not None and marker.kwargs.get("transaction")) or any(
        name in request.fixturenames for name in ("transactional_db", "live_server")
    )
    if committing:
        from django.core.cache import caches

        with django_db_blocker.unblock():
            caches["default"].clear()


@pytest.fixture
def make_user(db):
    def make(role: str | None = None, **kwargs):
        if role == "superuser":
            return UserFactory(is_superuser=True, is_staff=True, **kwargs)
        return UserFactory(roles=[role] if role else [], **kwargs)

    return make


@pytest.fixture
def coordinator(make_user):
    return make_user(Role.COORDINATOR, username="test-koordinator")


@pytest.fixture
def steering_member(make_user):
    return make_user(Role.STEERING_GROUP, username="test-styregruppe")


@pytest.fixture
def project_member(make_user):
    return make_user(Role.PROJECT_GROUP, username="test-projektgruppe")


@pytest.fixture
def secretary(make_user):
    return make_user(Role.SECRETARIAT, username="test-sekretariat")


@pytest.fixture
def forum_member(make_user):
    return make_user(Role.FORUM_MEMBER, username="test-forummedlem")


@pytest.fixture
def superuser(make_user):
    return make_user("superuser", username="test-admin")


@pytest.fixture
def client_for(db):
    """`client_for(user)` is a test client logged in as that user (anonymous for None)."""

    def make(user=None) -> Client:
        client = Client()
        if user is not None:
            client.force_login(user)
        return client

    return make


@pytest.fixture
def persona_client(request, client_for):
    """`persona_client("coordinator")`: a logged-in client for one of PERSONAS."""

    def make(persona: str) -> Client:
        if persona == "anonymous":
            return client_for(None)
        return client_for(request.getfixturevalue(persona))

    return make


@pytest.fixture
def coordinator_client(client_for, coordinator):
    return client_for(coordinator)


@pytest.fixture
def steering_client(client_for, steering_member):
    return client_for(steering_member)


@pytest.fixture
def project_client(client_for, project_member):
    return client_for(project_member)


@pytest.fixture
def secretary_client(client_for, secretary):
    return client_for(secretary)


@pytest.fixture
def forum_member_client(client_for, forum_member):
    return client_for(forum_member)


@pytest.fixture
def superuser_client(client_for, superuser):
    return client_for(superuser)


# --- Browser --------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def _playwright():
    executable = chromium_path()
    if executable is None:
        pytest.skip(
            "Chromium is not installed. Run `make test` as root to install Debian's chromium, "
            "or install it with `apt-get install chromium` (or set CHROMIUM=/path/to/chromium)."
        )
    # Playwright's sync API runs an event loop in this thread; the test's own ORM calls are
    # still synchronous, so Django's async guard does not apply to them.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def chromium(_playwright):
    browser = _playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.fixture
def browser_context(chromium, live_server):
    context = chromium.new_context(
        base_url=live_server.url, locale="da-DK", timezone_id="Europe/Copenhagen"
    )
    context.set_default_timeout(15_000)
    yield context
    context.close()


@pytest.fixture
def page(browser_context, live_server):
    """A Playwright page on the live server whose every document is checked with axe-core."""
    checked = A11yPage(browser_context.new_page(), live_server.url)
    yield checked
    checked.assert_all_pages_checked()


@pytest.fixture
def browser_login(browser_context, live_server):
    """`browser_login(user)` logs the browser in by giving it a session cookie."""

    def login(user) -> None:
        client = Client()
        client.force_login(user)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        browser_context.add_cookies(
            [{"name": cookie.key, "value": cookie.value, "url": live_server.url}]
        )

    return login


# --- Other processes on the test database ---------------------------------------------------


def subprocess_env() -> dict:
    """Environment for a child process (a worker, a command) that uses the test database."""
    from django.db import connection

    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        url = f"sqlite:///{Path(db['NAME']).resolve()}"
    else:
        url = f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    return {**os.environ, "DJANGO_SETTINGS_MODULE": "medborger.settings", "DATABASE_URL": url}


@pytest.fixture
def celery_worker_process(transactional_db, settings, tmp_path):
    """`start()` runs a real Celery worker process against Redis and the test database.

    The worker listens on a queue of its own, which this test process also sends to, so that
    parallel test runs sharing one Redis never take each other's tasks. Its e-mail goes to files
    under `tmp_path / "mail"`. Needs REDIS_URL; tests using it are marked `celery_live`.
    """
    if not os.environ.get("REDIS_URL"):
        pytest.skip("Needs a Redis broker: set REDIS_URL (the CI run does).")
    from medborger.celery import app as celery_app

    queue = f"test-{uuid.uuid4().hex[:12]}"
    previous_queue = celery_app.conf.task_default_queue
    celery_app.conf.task_default_queue = queue
    env = {**subprocess_env(), "MEDBORGER_VAR_DIR": str(tmp_path)}
    celery = shutil.which("celery", path=os.path.dirname(sys.executable))
    processes = []

    def start(*extra: str, log_file: Path | None = None):
        """`log_file`: the worker's log lines (stderr) go there instead of the test's output."""
        output = log_file.open("ab") if log_file else None
        process = subprocess.Popen(
            [celery, "-A", "medborger", "worker", "-Q", queue, "--loglevel=WARNING", *extra],
            env=env,
            cwd=settings.BASE_DIR,
            start_new_session=True,
            stderr=output,
        )
        if output:
            output.close()
        processes.append(process)
        time.sleep(0.5)
        return process

    start.queue = queue
    start.mail_dir = tmp_path / "mail"
    yield start
    celery_app.conf.task_default_queue = previous_queue
    for process in processes:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
