import rules

from .predicates import has_any_role

rules.add_perm("medborger.view_dashboard", has_any_role)
#: A personal calendar feed (milestones, tasks, events and meetings) at a secret address.
rules.add_perm("medborger.use_calendar", has_any_role)
