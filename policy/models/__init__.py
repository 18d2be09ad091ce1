from .documents import Document, DocumentVersion, Section, journal_number_validator
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
    "DocumentVersion",
    "Group",
    "GroupMember",
    "Milestone",
    "PolicyRevision",
    "Section",
    "Stakeholder",
    "Task",
    "journal_number_validator",
]
