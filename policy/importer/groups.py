"""The groups (steering group, project group …) with their members and mandate, the coordinator,
and the timeline's responsible groups linked to them."""

import enum

from django.utils.translation import gettext as _

from .blocks import Block, Table, block_text
from .classify import COORDINATION_HEADING, BodyLine, Kind, body_line, column_role, heading_like
from .recognise import coordinator_in, group_kind, group_name, names_match, parse_member
from .result import ImportedGroup, ImportedMember, ImportedTerms
from .sections import Start

MEMBER_HEADERS = {
    "name": r"navn|medlem\w*|deltager\w*|person",
    "department": r"afdeling|center|enhed|forvaltning|område|organisation|team|arbejdssted",
    "role": r"rolle|funktion",
}


def groups(section_blocks: list[tuple[Start, list[Block]]], warnings) -> list[ImportedGroup]:
    reader = _GroupReader(warnings)
    for start, body in section_blocks:
        reader.start_section(start.heading)
        for block in body:
            reader.feed(body_line(block))
    return [group for group in reader.groups.values() if group.members]


class _State(enum.Enum):
    OUTSIDE = "outside any group"
    IN_GROUP = "in a group"
    MEMBERS = "expecting members"


class _GroupReader:
    """Reads a section's blocks in order, as `body_line` classifies them. Three states:
    OUTSIDE any group, IN_GROUP (its text is the group's mandate) and MEMBERS (after "består
    af:", where a "Name, Department" line is a member). OUTSIDE ignores everything but a group
    heading. The transitions:

    - group heading: opens that group; MEMBERS if it ends "består af:", else IN_GROUP;
    - group end (a heading about something else, or the coordination): OUTSIDE;
    - member intro: MEMBERS;
    - text: in MEMBERS, a member line adds a member and stays; any other text is mandate and
      goes to IN_GROUP;
    - list: members where 60 % of the items read as members (50 % in MEMBERS), else mandate;
      IN_GROUP;
    - table: members where a column is headed "Navn", and IN_GROUP; else nothing changes.
    """

    def __init__(self, warnings: list[str]):
        self.warnings = warnings
        self.groups: dict[str, ImportedGroup] = {}
        self.current: ImportedGroup | None = None
        self.state = _State.OUTSIDE

    def start_section(self, heading: str) -> None:
        """A section named after a group ("Styregruppen") is about that group."""
        self.current = self._open(group_name(heading))
        self.state = _State.OUTSIDE if self.current is None else _State.IN_GROUP

    def feed(self, line: BodyLine) -> None:
        if line.kind is Kind.GROUP_HEADING:
            self.current = self._open(line.group)
            self.state = self._group_heading(self.current, line)
        elif line.kind is Kind.GROUP_END:
            self.current, self.state = None, _State.OUTSIDE
        elif self.current is not None:
            self.state = _INSIDE_A_GROUP[line.kind](self, self.current, line)

    def _open(self, name: str | None) -> ImportedGroup | None:
        if not name:
            return None
        folded = name.casefold()
        key = folded.rstrip("n") if folded.endswith("gruppen") else folded
        if key not in self.groups:
            self.groups[key] = ImportedGroup(name=name, kind=group_kind(name))
        return self.groups[key]

    # Each of these takes the group being described and returns the next state.

    def _group_heading(self, group: ImportedGroup, line: BodyLine) -> _State:
        if line.is_mandate:
            _add_mandate(group, line.text, "\n\n")
        return _State.MEMBERS if line.expects_members else _State.IN_GROUP

    def _member_intro(self, group: ImportedGroup, line: BodyLine) -> _State:
        return _State.MEMBERS

    def _text(self, group: ImportedGroup, line: BodyLine) -> _State:
        if self.state is _State.MEMBERS and line.member:
            group.members.append(ImportedMember(*line.member))
            return _State.MEMBERS
        _add_mandate(group, line.text, "\n\n")
        return _State.IN_GROUP

    def _list(self, group: ImportedGroup, line: BodyLine) -> _State:
        """Members where enough items read as members (fewer after "består af:"), each item
        that does not with a warning; else the list is part of the mandate."""
        good = [member for _text, member in line.items if member]
        needed = 0.5 if self.state is _State.MEMBERS else 0.6
        if not (good and len(good) >= needed * len(line.items)):
            _add_mandate(group, "\n".join(f"- {text}" for text, _member in line.items), "\n")
            return _State.IN_GROUP
        group.members.extend(ImportedMember(*member) for member in good)
        self._warn_unread(group, [text for text, member in line.items if not member])
        return _State.IN_GROUP

    def _warn_unread(self, group: ImportedGroup, lines: list[str]) -> None:
        for line in lines:
            self.warnings.append(
                _('%(group)s: "%(line)s" could not be read as a name and a department.')
                % {"group": group.name, "line": line}
            )

    def _table(self, group: ImportedGroup, line: BodyLine) -> _State:
        members = member_table(line.table)
        group.members.extend(members)
        return _State.IN_GROUP if members else self.state


_INSIDE_A_GROUP = {
    Kind.MEMBER_INTRO: _GroupReader._member_intro,
    Kind.TEXT: _GroupReader._text,
    Kind.LIST: _GroupReader._list,
    Kind.TABLE: _GroupReader._table,
}


def _add_mandate(group: ImportedGroup, text: str, separator: str) -> None:
    group.mandate = separator.join(part for part in [group.mandate, text] if part)


def member_table(table: Table) -> list[ImportedMember]:
    """The members of a table with a column headed "Navn" (and "Afdeling", "Rolle")."""
    if len(table.rows) < 2:
        return []
    columns = [column_role(cell.text, MEMBER_HEADERS) for cell in table.rows[0]]
    if "name" not in columns:
        return []
    members = (_member_row(columns, row) for row in table.rows[1:])
    return [member for member in members if member]


def _member_row(columns: list[str | None], row) -> ImportedMember | None:
    values = dict.fromkeys(MEMBER_HEADERS, "")
    for role, cell in zip(columns, row, strict=False):
        if role:
            values[role] = " ".join(cell.text.split())
    if not values["name"]:
        return None
    parsed = parse_member(f"{values['name']} ({values['role']})")
    role = parsed[2] if parsed else "member"
    return ImportedMember(values["name"][:200], values["department"][:200], role)


# --- The coordinator --------------------------------------------------------------------------


def coordinator(section_blocks: list[tuple[Start, list[Block]]], groups) -> str:
    """The coordinator the text names, marked as such among the members; else a member whose
    role says so; else nobody."""
    name = _named_coordinator(section_blocks)
    members = [member for group in groups for member in group.members]
    if not name:
        return next((m.name for m in members if m.role == "coordinator"), "")
    for member in members:
        if names_match(name, member.name):
            member.role = "coordinator"
    return name


def _named_coordinator(section_blocks: list[tuple[Start, list[Block]]]) -> str:
    named = (_named(body, i) for _start, body in section_blocks for i in range(len(body)))
    return next((found for found in named if found), "")


def _named(body: list[Block], position: int) -> str | None:
    """The coordinator a block names ("… er projektkoordinator"), or the person on the line
    after a heading about the coordination."""
    block = body[position]
    text = block_text(block)
    found = coordinator_in(text)
    if found or not (heading_like(block) and COORDINATION_HEADING.search(text)):
        return found
    if position + 1 == len(body):
        return None
    member = parse_member(block_text(body[position + 1]))
    return member[0] if member else None


def link_responsible(terms: ImportedTerms) -> None:
    """A milestone's responsible "styregruppens medlemmer" becomes the group's name."""
    for milestone in (m for m in terms.milestones if m.responsible):
        wanted = milestone.responsible.casefold()
        stems = ((group.name, group.name.casefold().rstrip("n")) for group in terms.groups)
        milestone.responsible = next(
            (name for name, stem in stems if stem and stem in wanted), milestone.responsible
        )
