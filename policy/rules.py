import rules

from medborger.predicates import is_coordinator, is_revision_staff, is_superuser

rules.add_perm("policy.view_process", is_revision_staff)
rules.add_perm("policy.manage_process", is_superuser | is_coordinator)

#: Import terms of reference from a file (creates a document, a revision and possibly a forum).
rules.add_perm("policy.import_terms", is_superuser | is_coordinator)
