import rules

from .predicates import has_any_role, is_coordinator, is_superuser

rules.add_perm("medborger.view_dashboard", has_any_role)
#: A personal calendar feed (milestones, tasks, events and meetings) at a secret address.
rules.add_perm("medborger.use_calendar", has_any_role)
#: Find, export or erase everything held about one person (by e-mail address), across the apps.
rules.add_perm("medborger.handle_personal_data", is_superuser | is_coordinator)
#: The translations page: per public language, the strings no person has reviewed yet.
rules.add_perm("medborger.view_translations", has_any_role)
