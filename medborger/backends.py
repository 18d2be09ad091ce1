import functools

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import connection

from .roles import remember_roles, role_bits_sql


class PasswordBackend(ModelBackend):
    """Log-in with user name and password.

    What users may do comes from the named rules (`<app>/rules.py`); Django's per-model
    permissions only matter in the admin, for staff. Without this, every "no" from the rules
    made Django's ModelBackend load all of the user's model permissions (two queries a page).
    """

    def get_user(self, user_id):
        """The session's user with their roles, in one query: every logged-in page checks a
        rule (the navigation at least), and the roles are what the rules read. Plain SQL made
        once per process: building the same ORM query on every request cost more than the
        query itself."""
        user_model = get_user_model()
        try:
            user_id = user_model._meta.pk.to_python(user_id)
        except ValidationError:
            return None
        sql, role_params = _user_with_roles_sql()
        found = list(user_model._default_manager.raw(sql, [*role_params, user_id]))
        if not found:
            return None
        user = found[0]
        remember_roles(user, int(user.medborger_role_bits))
        return user if self.user_can_authenticate(user) else None

    def _get_permissions(self, user_obj, obj, from_name):
        if not user_obj.is_staff:
            return set()
        return super()._get_permissions(user_obj, obj, from_name)


def lockout_username(request, credentials):
    """The user name the lockout records, cut to fit its column (also for the admin's form)."""
    username = (credentials or {}).get("username") or request.POST.get("username") or ""
    return str(username)[:255]


@functools.cache
def _user_with_roles_sql() -> tuple[str, list[str]]:
    """One user by primary key with every column, and the roles they hold (see
    `medborger.roles.role_bits_sql`), grouped by the user's key (which PostgreSQL and SQLite
    both accept for the user's other columns)."""
    user_model = get_user_model()
    memberships = user_model.groups.through._meta
    quote = connection.ops.quote_name
    user_table, pk = quote(user_model._meta.db_table), quote(user_model._meta.pk.column)
    columns = ", ".join(
        f"{user_table}.{quote(field.column)}" for field in user_model._meta.concrete_fields
    )
    group_table = quote(Group._meta.db_table)
    bits, params = role_bits_sql(f"{group_table}.{quote('name')}")
    user_column = quote(memberships.get_field("user").column)
    group_column = quote(memberships.get_field("group").column)
    sql = (
        f"SELECT {columns}, {bits} AS medborger_role_bits FROM {user_table} "
        f"LEFT JOIN {quote(memberships.db_table)} AS m ON m.{user_column} = {user_table}.{pk} "
        f"LEFT JOIN {group_table} ON {group_table}.{quote(Group._meta.pk.column)} = "
        f"m.{group_column} WHERE {user_table}.{pk} = %s GROUP BY {user_table}.{pk}"
    )
    return sql, params
