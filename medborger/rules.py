import rules

from .predicates import has_any_role

rules.add_perm("medborger.view_dashboard", has_any_role)
#: A personal calendar feed (milestones, tasks, events and meetings) at a secret address.
rules.add_perm("medborger.use_calendar", has_any_role)
#: The translations page: per public language, the strings no person has reviewed yet.
rules.add_perm("medborger.view_translations", has_any_role)
