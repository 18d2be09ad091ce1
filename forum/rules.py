import rules

from medborger.predicates import is_forum_member, is_secretariat, is_superuser

rules.add_perm("forum.view_internal", is_superuser | is_secretariat | is_forum_member)
rules.add_perm("forum.manage", is_superuser | is_secretariat)
