from .documents import (
    Document,
    DocumentTransition,
    DocumentVersion,
    ReviewComment,
    Section,
    journal_number_validator,
)
from .imports import TermsImport
from .process import Group, GroupMember, Milestone, PolicyRevision

__all__ = [
    "Document",
    "DocumentTransition",
    "DocumentVersion",
    "Group",
    "GroupMember",
    "Milestone",
    "PolicyRevision",
    "ReviewComment",
    "Section",
    "TermsImport",
    "journal_number_validator",
]
