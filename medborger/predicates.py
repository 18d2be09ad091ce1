"""Predicates that every app's named permissions are built from (see each app's rules.py)."""

import rules

from .roles import Role, roles_of


def _has_role(*names: str):
    @rules.predicate(name="has_role_" + "_or_".join(n.lower() for n in names))
    def predicate(user) -> bool:
        return bool(roles_of(user) & set(names))

    return predicate


is_superuser = rules.is_superuser
is_coordinator = _has_role(Role.COORDINATOR)
is_steering_group = _has_role(Role.STEERING_GROUP)
is_project_group = _has_role(Role.PROJECT_GROUP)
is_secretariat = _has_role(Role.SECRETARIAT)
is_forum_member = _has_role(Role.FORUM_MEMBER)

#: Municipal staff working on the policy revision.
is_revision_staff = is_superuser | is_coordinator | is_steering_group | is_project_group
#: Anyone who logs in with a role: all staff plus forum members.
has_any_role = is_superuser | _has_role(*Role.values)
