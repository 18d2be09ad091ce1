"""The deadline-reminder rules the apps declare in their `reminders.py`, by key.

A leaf: it imports no model, so that a model can name its rule (`ReminderRule.__str__`) while
`medborger.reminders`, which runs the rules, imports the models.
"""

from typing import Any

from django.utils.module_loading import autodiscover_modules

_RULES: dict[str, type] = {}


def register(rule_class: type) -> type:
    """Class decorator for the rules (`medborger.reminders.DeadlineRule`) in each app's
    `reminders.py`."""
    assert rule_class.key and rule_class.key not in _RULES, rule_class.key
    _RULES[rule_class.key] = rule_class
    return rule_class


def registry() -> dict[str, Any]:
    """Every registered rule by key (importing each app's `reminders.py` first)."""
    autodiscover_modules("reminders")
    return {key: rule_class() for key, rule_class in sorted(_RULES.items())}


def registered_keys() -> set[str]:
    """The keys of the rules registered so far."""
    return set(_RULES)
