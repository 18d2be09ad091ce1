"""How the apps contribute to the shared pages without the project importing their internals.

An app may define `<app>/hooks.py` with any of:

- `nav_items(request) -> list[NavItem]`: links in the main navigation;
- `landing_blocks(now) -> list[Block]`: blocks on the public front page, the same for every
  visitor (the page caches them per language and day under the stamp `stamps.FRONT_PAGE`,
  which the app bumps whenever the data a block shows changes; a block that changes with time
  alone says when in `Block.changes_at`);
- `dashboard_panels(request) -> list[Block]`: panels on the staff dashboard (give each a
  `title`, and a `region`: "summary" for a figure at a glance, "main" for a full panel);
- `calendar_events(user) -> list[CalendarEvent]`: entries in the user's calendar feed;
- `personal_data_sources(user) -> list[PersonalDataSource]`: what the app holds about a
  person, found, exported and erased by e-mail address on one staff page (see
  `medborger.personal_data`);
- `imported_forum_create(*, facts, title, document, user, reason)`: create the forum that imported
  terms of reference describe and return it (called with `call`, by policy's importer);
- `journal_sources() -> dict[str, medborger.journal.JournalKind]`: the cases the app can hand
  to the municipality's case system as journal packages;
- through `call`: `editor_section_points(document) -> {section_key: [point]}`,
  `version_answers(version=, point_ids=, user=)` and `compare_section_points(old, new)`,
  the points other apps hang on a document's sections (see `policy.linked_points`);
- through `call`: `decision_report_choices(document_id=)`, `decision_report_link(decision=,
  choice=, user=)` and `decision_report_numbers(decision_ids)`, the hearing report versions a
  body's decision names with the draft's version (see `policy.linked_reports`).

Each function decides from `request.user` what that user may see, and keeps its query count
fixed whatever the data size.
"""

import datetime
import functools
from dataclasses import dataclass, field
from importlib import import_module
from importlib.util import find_spec
from types import ModuleType

from django.apps import apps
from django.urls import get_script_prefix, get_urlconf, reverse


def nav_url(view_name: str) -> str:
    """`reverse(view_name)` for a link without arguments, such as a navigation item's, worked
    out once per process (per script prefix and URLconf) instead of on every page."""
    return _reverse_once(view_name, get_script_prefix(), get_urlconf())


@functools.lru_cache(maxsize=256)
def _reverse_once(view_name: str, _prefix: str, _urlconf) -> str:
    return reverse(view_name)


@dataclass(frozen=True)
class NavItem:
    label: str
    url: str
    order: int = 100
    #: URL prefix that marks the item as the current section; the exact URL when empty.
    active_prefix: str = ""

    def is_active_for(self, path: str) -> bool:
        return path.startswith(self.active_prefix) if self.active_prefix else path == self.url


@dataclass(frozen=True)
class Block:
    template: str
    context: dict = field(default_factory=dict)
    order: int = 100
    #: On the dashboard: the panel's heading (an <h2>), which also names its region for screen
    #: readers. Without a title the template brings its own heading.
    title: str = ""
    #: On the dashboard: "toolbar" (filters, above everything), "summary" (a small card in the
    #: row of figures at a glance, such as "hearing responses so far" or "budget status") or
    #: "main" (a full-width panel).
    region: str = "main"
    #: On the front page: the moment the block changes with time alone (an event is over, a
    #: hearing opens or closes); the cached page is built again from then on. A block without
    #: a template shows nothing and only says when something will appear.
    changes_at: datetime.datetime | None = None


@dataclass(frozen=True)
class CalendarEvent:
    #: Stable across feed refreshes, e.g. "milestone-12@medborger".
    uid: str
    title: str
    #: A date for an all-day entry, an aware datetime otherwise.
    start: datetime.date | datetime.datetime
    end: datetime.date | datetime.datetime | None = None
    description: str = ""
    location: str = ""
    url: str = ""
    order: int = 100


#: Demo and benchmark data are made app by app in this order, each building on the ones before;
#: apps not named here follow in the order of INSTALLED_APPS.
DATA_ORDER = ("medborger", "policy", "forum", "consultation")


def app_modules(module_name: str, *, data_order: bool = False) -> list[ModuleType]:
    """The module `<app>.<module_name>` of every installed app that has one (`hooks`, `demo`,
    `large`), in the order of INSTALLED_APPS, or of DATA_ORDER with `data_order`."""
    names = [config.name for config in apps.get_app_configs()]
    if data_order:
        names.sort(key=lambda n: DATA_ORDER.index(n) if n in DATA_ORDER else len(DATA_ORDER))
    return [
        import_module(f"{name}.{module_name}")
        for name in names
        if find_spec(f"{name}.{module_name}") is not None
    ]


@functools.cache
def _hook_modules() -> tuple:
    """The installed apps' hooks modules, found once per process (like the app registry)."""
    return tuple(app_modules("hooks"))


def collect(hook_name: str, request_or_user) -> list:
    """Call `hook_name` in every app that defines it; the results, sorted by `order`."""
    items = []
    for module in _hook_modules():
        hook = getattr(module, hook_name, None)
        if hook is not None:
            items.extend(hook(request_or_user))
    return sorted(items, key=lambda item: item.order)


def call(hook_name: str, *args, **kwargs) -> list:
    """Call `hook_name(*args, **kwargs)` in every app that defines it; each app's result, in
    app order. For hooks that answer with something other than blocks: the forum that imported
    terms describe, the cases an app journalises, the points beside a section in the editor."""
    return [
        getattr(module, hook_name)(*args, **kwargs)
        for module in _hook_modules()
        if hasattr(module, hook_name)
    ]
