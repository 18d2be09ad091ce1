import rules

from .predicates import has_any_role

rules.add_perm("medborger.view_dashboard", has_any_role)
