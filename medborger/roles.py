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
