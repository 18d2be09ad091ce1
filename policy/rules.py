import rules

from medborger.predicates import (
    is_coordinator,
    is_project_group,
    is_revision_staff,
    is_steering_group,
    is_superuser,
)

rules.add_perm("policy.view_process", is_revision_staff)
rules.add_perm("policy.manage_process", is_superuser | is_coordinator)

#: Import terms of reference from a file (creates a document, a revision and possibly a forum).
rules.add_perm("policy.import_terms", is_superuser | is_coordinator)
# --- Documents (versions, comparison, export, review) ----------------------------------------

#: Every version, comparison and export of a document, and its workflow history.
rules.add_perm("policy.view_document", is_revision_staff)
#: Create documents, edit sections (each save is a new version), restore versions.
rules.add_perm("policy.change_document", is_superuser | is_coordinator)
#: Leave an internal review comment on a section of a version.
rules.add_perm(
    "policy.comment_document", is_superuser | is_steering_group | is_project_group | is_coordinator
)
#: Mark review comments as dealt with.
rules.add_perm("policy.resolve_comment", is_superuser | is_coordinator)

# The workflow steps (policy.services.documents.WORKFLOW names which step needs which).
rules.add_perm("policy.submit_document_for_review", is_superuser | is_coordinator)
rules.add_perm("policy.return_document_to_draft", is_superuser | is_coordinator | is_steering_group)
rules.add_perm("policy.approve_document_for_hearing", is_superuser | is_steering_group)
rules.add_perm("policy.send_document_to_hearing", is_superuser | is_coordinator)
rules.add_perm("policy.mark_document_processed", is_superuser | is_coordinator)
rules.add_perm("policy.adopt_document", is_superuser | is_coordinator)
