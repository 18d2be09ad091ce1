from .documents import (
    Document,
    DocumentTransition,
    DocumentVersion,
    ReviewComment,
    Section,
    journal_number_validator,
)
from .imports import TermsImport
from .process import (
    Decision,
    DecisionAttachment,
    Group,
    GroupMember,
    Milestone,
    PolicyRevision,
    Stakeholder,
    Task,
)

__all__ = [
    "Decision",
    "DecisionAttachment",
    "Document",
    "DocumentTransition",
    "DocumentVersion",
    "Group",
    "GroupMember",
    "Milestone",
    "PolicyRevision",
    "ReviewComment",
    "Section",
    "Stakeholder",
    "Task",
    "TermsImport",
    "journal_number_validator",
]
