from .documents import Document, DocumentVersion, Section, journal_number_validator
from .imports import TermsImport
from .process import Group, GroupMember, Milestone, PolicyRevision

__all__ = [
    "Document",
    "DocumentVersion",
    "Group",
    "GroupMember",
    "Milestone",
    "PolicyRevision",
    "Section",
    "TermsImport",
    "journal_number_validator",
]
