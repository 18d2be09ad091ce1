"""The permission matrix: the expected table and helpers to read it and to request URLs."""

import copy
from pathlib import Path

from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from medborger.testing.fixtures import PERSONAS

from .kwargs import URL_KWARGS

EXPECTED = Path(__file__).parent / "expected.txt"
COLUMNS = list(PERSONAS)
#: Django admin URLs are covered by checking the admin index and each model's change list.
ADMIN_NAMESPACE = "admin"


def url_names(patterns=None, namespace=None) -> list[str]:
    names = []
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace
            if inner == ADMIN_NAMESPACE:
                continue
            full = f"{namespace}:{inner}" if namespace and inner else inner or namespace
            names += url_names(pattern.url_patterns, full)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.append(f"{namespace}:{pattern.name}" if namespace else pattern.name)
    return names


def expected_table() -> dict[tuple[str, str], dict[str, str]]:
    table = {}
    for line in EXPECTED.read_text().splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        name, method, *codes = line.split()
        assert len(codes) == len(COLUMNS), f"{name}: {len(codes)} codes, not {len(COLUMNS)}"
        table[(name, method)] = dict(zip(COLUMNS, codes, strict=True))
    return table


def outcome(response) -> str:
    if response.status_code == 302 and response["Location"].startswith(reverse("login")):
        return "login"
    return str(response.status_code)


def request(client, method: str, url: str, data=None):
    """One request whose database and cookie changes are undone, so the checks stay independent
    (a log-out, for example, must not log the persona out for the next URL)."""
    cookies = copy.deepcopy(client.cookies)
    with transaction.atomic():
        response = client.post(url, data or {}) if method == "POST" else client.get(url)
        transaction.set_rollback(True)
    client.cookies = cookies
    return response


def url_for(name: str) -> str:
    return reverse(name, kwargs=URL_KWARGS[name]() if name in URL_KWARGS else None)


def openable_pages(*, skip=("admin",)) -> list[tuple[str, str, str]]:
    """(url name, url, persona) for every GET page of the table, once per persona that may
    open it (the table says 200)."""
    found = []
    for (name, method), expected in expected_table().items():
        if method != "GET" or name in skip:
            continue
        url = url_for(name)
        found += [(name, url, persona) for persona in COLUMNS if expected[persona] == "200"]
    return found
