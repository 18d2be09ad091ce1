"""Demo log-ins, one per role. Names are invented."""

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import Group

from .models import User
from .roles import Role


@dataclass(frozen=True)
class DemoUser:
    username: str
    first_name: str
    last_name: str
    role: str | None
    department: str


DEMO_USERS = [
    DemoUser("koordinator", "Louise", "Kjær", Role.COORDINATOR, "Stabsenheden Plan"),
    DemoUser("styregruppe", "Mette", "Lund", Role.STEERING_GROUP, "Undervisning og Velfærd"),
    DemoUser(
        "projektgruppe", "Fatima", "Hassan", Role.PROJECT_GROUP, "Center for Børn og Forebyggelse"
    ),
    DemoUser("sekretariat", "Anders", "Winther", Role.SECRETARIAT, "Center for Kultur og Fritid"),
    DemoUser("forummedlem", "Yasmin", "Ali", Role.FORUM_MEMBER, ""),
    DemoUser("admin", "Ida", "Brandt", None, "IT og Digitalisering"),
]


def seed(*, today, users, stdout=None) -> dict[str, User]:
    """The demo log-ins, one per role, added to `users` (by username) for the apps' demo data."""
    for demo in DEMO_USERS:
        user, created = User.objects.get_or_create(
            username=demo.username,
            defaults={
                "first_name": demo.first_name,
                "last_name": demo.last_name,
                "email": f"{demo.username}@medborger.example",
                "department": demo.department,
                "is_staff": demo.role is None,
                "is_superuser": demo.role is None,
            },
        )
        if created or not user.check_password(settings.DEMO_PASSWORD):
            user.set_password(settings.DEMO_PASSWORD)
            user.save(update_fields=["password"])
        if demo.role:
            user.groups.add(Group.objects.get_or_create(name=demo.role)[0])
        users[demo.username] = user
    return users
