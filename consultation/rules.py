import rules

from medborger.predicates import is_coordinator, is_revision_staff, is_superuser

rules.add_perm("consultation.view_internal", is_revision_staff)
rules.add_perm("consultation.manage", is_superuser | is_coordinator)
