"""What an import found, in a form that survives a round trip through JSON (session, database)."""

import datetime
from dataclasses import asdict, dataclass, field, fields

from medborger.dates import DatePrecision


@dataclass
class ImportedSection:
    heading: str
    body: str = ""


@dataclass
class ImportedMilestone:
    title: str
    kind: str = "other"
    date_precision: str = DatePrecision.UNSET
    starts_on: datetime.date | None = None
    ends_on: datetime.date | None = None
    remark: str = ""
    #: The name of the responsible group as the document gave it, if it did.
    responsible: str = ""
    #: The row of the table it came from (1 is the table's first row), for messages.
    row: int = 0
    date_text: str = ""


@dataclass
class ImportedMember:
    name: str
    department: str = ""
    role: str = "member"


@dataclass
class ImportedGroup:
    name: str
    kind: str = "other"
    mandate: str = ""
    members: list[ImportedMember] = field(default_factory=list)


@dataclass
class ImportedForum:
    name: str
    mandate_start_year: int | None = None
    mandate_end_year: int | None = None
    council_decision_on: datetime.date | None = None
    council_case_number: str = ""
    terms_adopted_on: datetime.date | None = None
    secretariat_unit: str = ""
    purpose: str = ""


@dataclass
class ImportedTerms:
    title: str
    filename: str = ""
    file_kind: str = ""
    document_date: datetime.date | None = None
    case_officer_name: str = ""
    case_officer_phone: str = ""
    case_officer_email: str = ""
    journal_number: str = ""
    sections: list[ImportedSection] = field(default_factory=list)
    milestones: list[ImportedMilestone] = field(default_factory=list)
    groups: list[ImportedGroup] = field(default_factory=list)
    coordinator_name: str = ""
    target_groups: str = ""
    revision_title: str = ""
    forum: ImportedForum | None = None
    warnings: list[str] = field(default_factory=list)

    def to_json(self) -> dict:
        return _encode(asdict(self))

    @classmethod
    def from_json(cls, data: dict) -> "ImportedTerms":
        return _decode(cls, data)


_NESTED = {
    ("ImportedTerms", "sections"): ImportedSection,
    ("ImportedTerms", "milestones"): ImportedMilestone,
    ("ImportedTerms", "groups"): ImportedGroup,
    ("ImportedGroup", "members"): ImportedMember,
}


def _encode(value):
    if isinstance(value, dict):
        return {key: _encode(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_encode(item) for item in value]
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def _decode(cls, data: dict):
    values = {}
    for spec in fields(cls):
        if spec.name not in data:
            continue
        value = data[spec.name]
        nested = _NESTED.get((cls.__name__, spec.name))
        if nested is not None:
            value = [_decode(nested, item) for item in value or []]
        elif spec.name == "forum":
            value = _decode(ImportedForum, value) if value else None
        elif isinstance(value, str) and "date | None" in str(spec.type) and value:
            value = datetime.date.fromisoformat(value)
        elif "date | None" in str(spec.type) and not value:
            value = None
        values[spec.name] = value
    return cls(**values)
