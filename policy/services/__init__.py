"""Write operations of the policy app, one module per area:

- `documents`: versions, restore, freeze, workflow transitions, comments;
- `process`: the revision's milestones, groups, tasks and stakeholders.
"""

from .documents import (
    WORKFLOW,
    SectionInput,
    StaleVersionError,
    TransitionNotAllowed,
    comment_create,
    comment_resolve,
    document_create,
    document_transition,
    document_transitions_for,
    document_update,
    normalise_body,
    version_freeze,
    version_restore,
    version_save,
)

__all__ = [
    "WORKFLOW",
    "SectionInput",
    "StaleVersionError",
    "TransitionNotAllowed",
    "comment_create",
    "comment_resolve",
    "document_create",
    "document_transition",
    "document_transitions_for",
    "document_update",
    "normalise_body",
    "version_freeze",
    "version_restore",
    "version_save",
]
