"""The roles staff log in with. Each is a Django group of the same name."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    COORDINATOR = "Koordinator", _("Coordinator")
    STEERING_GROUP = "Styregruppe", _("Steering group")
    PROJECT_GROUP = "Projektgruppe", _("Project group")
    SECRETARIAT = "Sekretariat", _("Forum secretariat")
    FORUM_MEMBER = "Forummedlem", _("Forum member")


def roles_of(user) -> set[str]:
    """The role names a user holds, read once per request and cached on the user object."""
    if not user.is_authenticated:
        return set()
    cached = getattr(user, "_medborger_roles", None)
    if cached is None:
        cached = set(user.groups.filter(name__in=Role.values).values_list("name", flat=True))
        user._medborger_roles = cached
    return cached


def role_bits_sql(group_name: str) -> tuple[str, list[str]]:
    """SQL (and its parameters) for the roles among the group names in `group_name` (a column
    of a grouped query), as one number with a bit per role; `remember_roles` reads it."""
    cases = " ".join(f"WHEN %s THEN {1 << index}" for index in range(len(Role.values)))
    return f"COALESCE(SUM(CASE {group_name} {cases} ELSE 0 END), 0)", list(Role.values)


def remember_roles(user, bits: int) -> None:
    """Cache on `user` the roles `roles_of` would read, from the number `role_bits_sql` made."""
    user._medborger_roles = {role for index, role in enumerate(Role.values) if bits & (1 << index)}
