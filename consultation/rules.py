import rules

from medborger.predicates import is_coordinator, is_revision_staff, is_superuser

rules.add_perm("consultation.view_internal", is_revision_staff)
rules.add_perm("consultation.manage", is_superuser | is_coordinator)
#: Process hearing responses: status, spam, themes, comments, review before publication.
rules.add_perm("consultation.moderate_response", is_superuser | is_coordinator)
#: Export all responses with the respondents' contact details (CSV, XLSX).
rules.add_perm("consultation.export_responses", is_superuser | is_coordinator)
#: Export or erase one person's data on request.
rules.add_perm("consultation.handle_personal_data", is_superuser | is_coordinator)
