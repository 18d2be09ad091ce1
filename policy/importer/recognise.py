"""Recognisers for the things a terms-of-reference document names in words: the kind of a
timeline activity, people and their departments, groups, the coordinator and a forum's facts."""

import datetime
import re
import unicodedata

from policy.models import GroupMember, Milestone

from .danish_dates import DateNotUnderstood, parse_date

Kind = Milestone.Kind

#: The first rule that matches the activity wins, so the specific ones come first.
_KIND_RULES = [
    (Kind.LOKAL_MED, r"\blokal[\s-]?med\b|\blmu\b"),
    (Kind.HOVED_MED, r"\bhoved[\s-]?med\b|\bhmu\b|\bhovedudvalg"),
    (
        Kind.COMMITTEE_APPROVAL,
        r"kommissori\w*.*\bgodkend|\bgodkend\w*.*kommissori|\bku\b|\bøu\b|økonomiudvalg|"
        r"koordinationsudvalg",
    ),
    (Kind.CITY_COUNCIL, r"byråd|kommunalbestyrelse|\bbr\b"),
    (Kind.SPECIALIST_COMMITTEE, r"fagudvalg|\w+udvalg\w*|\budvalg(?:et)?\b|politisk behandling"),
    (Kind.PUBLIC_HEARING, r"høring"),
    (Kind.CITIZENS_MEETING, r"borgermøde|dialogmøde|folkemøde|borgerworkshop|borgerinddragelse"),
    (
        Kind.STAFF_WORKSHOP,
        r"workshop|medarbejdermøde|personalemøde|temadag for medarbejdere|medarbejderinddragelse",
    ),
]


def milestone_kind(activity: str) -> str:
    text = activity.casefold()
    for kind, pattern in _KIND_RULES:
        if re.search(pattern, text):
            return kind
    return Kind.OTHER


# --- People -----------------------------------------------------------------------------------

_PARTICLES = {"von", "van", "de", "la", "le", "af", "du", "da", "bin", "al", "el", "ten", "ter"}
_NAME_PART = re.compile(r"^[A-ZÆØÅÄÖÜÉÈÁÓÍÚ][a-zæøåäöüéèáóíúñç'’.]*(?:-[A-ZÆØÅa-zæøå][\w'’]*)*$")
_ROLE_WORDS = {
    GroupMember.Role.CHAIR: re.compile(r"\b(formand|forkvinde|forperson|chair)\b", re.I),
    GroupMember.Role.COORDINATOR: re.compile(r"\b(projekt)?koordinator\b", re.I),
}


def is_person_name(text: str) -> bool:
    words = text.split()
    if not 2 <= len(words) <= 6 or len(text) > 70:
        return False
    return all(_NAME_PART.match(word) or word in _PARTICLES for word in words) and bool(
        _NAME_PART.match(words[0])
    )


def parse_member(text: str) -> tuple[str, str, str] | None:
    """(name, department, role) from "Name, Department", "Name: Department", "Name – Department"
    or "Name (Department)"; None when the line does not start with a person's name."""
    text = " ".join(text.split()).strip(" .;")
    role = GroupMember.Role.MEMBER
    for candidate, pattern in _ROLE_WORDS.items():
        if pattern.search(text):
            role = candidate
            text = pattern.sub("", text)
            text = re.sub(r"\(\s*\)|,\s*(?=,|$)|\s+(?=[,)])", "", text).strip(" ,.;–-")
    match = re.match(r"^(?P<name>[^,:(–]+?)\s*(?:[,:]|\s[–-]\s|\()\s*(?P<rest>.*?)\)?$", text)
    if match and is_person_name(match["name"]):
        return match["name"], match["rest"].strip(" ,.;"), role
    if is_person_name(text):
        return text, "", role
    return None


# --- Groups -----------------------------------------------------------------------------------

_GROUP_WORD = re.compile(
    r"\b(?P<word>[A-ZÆØÅa-zæøå][a-zæøå-]*?(?:gruppe|udvalg|sekretariat|netværk|panel|forum)"
    r"(?:n|t|et|s|ns|ets)?)\b",
    re.I,
)
#: Words that end like a group but are not one.
_NOT_GROUPS = re.compile(r"^(mål|alders|bruger|befolknings|ziel)gruppe|^(gruppe|gruppen)$", re.I)
_INTRO = re.compile(
    r"(består af|medlemmer|sammensat af|sammensætning|deltager[e]?|repræsenteret)", re.I
)


def group_name(text: str) -> str | None:
    """The group a short heading or intro line names: "Styregruppen", "Projektgruppe:",
    "Styregruppen består af:", "Medlemmer af arbejdsgruppen"; None for anything else."""
    for match in _GROUP_WORD.finditer(text):
        word = match["word"]
        if _NOT_GROUPS.match(word):
            continue
        if re.search(r"(gruppe|udvalg|sekretariat|netværk|panel|forum)(n|et)s$", word, re.I):
            word = word[:-1]  # "Styregruppens medlemmer" names "Styregruppen"
        return word[:1].upper() + word[1:]
    return None


def group_kind(name: str) -> str:
    folded = name.casefold()
    if "styregrupp" in folded:
        return "steering"
    if "projektgrupp" in folded:
        return "project"
    return "other"


def is_member_intro(text: str) -> bool:
    return bool(_INTRO.search(text))


# --- The coordinator --------------------------------------------------------------------------

_NAME = r"(?P<name>[A-ZÆØÅ][\w'’-]+(?:\s+(?:[A-ZÆØÅ][\w'’-]+|von|van|de|af)){1,4})"
_COORDINATOR_PATTERNS = [
    re.compile(_NAME + r"\s+(?:er\s+(?:projekt)?koordinator|koordinerer|er\s+tovholder)"),
    re.compile(
        r"(?:projekt)?koordinator(?:en)?\s*(?:er|:|bliver)\s*" + _NAME,
        re.I,
    ),
    re.compile(r"(?:projekt)?koordinering\w*\s*(?:varetages\s+af|:)\s*" + _NAME, re.I),
    re.compile(r"tovholder\w*\s*(?:er|:)\s*" + _NAME, re.I),
]


def coordinator_in(text: str) -> str | None:
    for pattern in _COORDINATOR_PATTERNS:
        match = pattern.search(text)
        if match and is_person_name(match["name"]):
            return match["name"]
    return None


def names_match(document_name: str, full_name: str) -> bool:
    """A person named in a document is this user: every word of the shorter name appears, in
    order, in the longer, and the first names agree (case and accents aside)."""
    a, b = _name_words(document_name), _name_words(full_name)
    if not a or not b or a[0] != b[0]:
        return False
    shorter, longer = (a, b) if len(a) <= len(b) else (b, a)
    position = 0
    for word in shorter:
        try:
            position = longer.index(word, position) + 1
        except ValueError:
            return False
    return len(shorter) >= 2 or len(longer) == 1


def _name_words(name: str) -> list[str]:
    folded = unicodedata.normalize("NFKD", name.casefold())
    return "".join(ch for ch in folded if not unicodedata.combining(ch)).split()


# --- A forum's terms of reference -------------------------------------------------------------

_PERIOD = re.compile(r"\b((?:19|20)\d\d)\s*[-–/]\s*((?:19|20)\d\d)\b")
_DATE_WORDS = r"(?P<date>\d{1,2}\.\s*[a-zæøå]+\.?\s+\d{4}|\d{1,2}[./-]\d{1,2}[./-]\d{2,4})"
_DECISION = re.compile(
    r"(?:beslutning|besluttede|besluttet|vedtog|vedtaget|godkendt|møde)[^.]{0,80}?"
    r"(?:byråd\w*|kommunalbestyrelse\w*)[^.]{0,40}?(?:den|d\.)\s*" + _DATE_WORDS,
    re.I,
)
_COUNCIL_DATE = re.compile(
    r"(?:byråd\w*|kommunalbestyrelse\w*)\s+(?:[a-zæøå]+\s+){0,2}(?:den|d\.)\s*" + _DATE_WORDS, re.I
)
_CASE_NUMBER = re.compile(
    r"\b(?:sag(?:\.|en)?\s*(?:nr\.?|nummer)|sagsnr\.?|punkt(?:\s*nr\.?)?|pkt\.?)\s*"
    r"(?P<number>\d+[\w./-]*)",
    re.I,
)
_ADOPTED = re.compile(
    r"\b(?:vedtaget|godkendt|endeligt vedtaget)\b[^.]{0,80}?\b(?:den|d\.)\s*" + _DATE_WORDS,
    re.I,
)
_SECRETARIAT = re.compile(
    r"sekretariat\w*(?:[^.]|\.(?=\s*[a-zæøå0-9])){0,80}?\b(?:placeret|forankret|ligger|varetages|hører\s+til|"
    r"bemandes|betjenes)\s+(?:i|af|hos|under)\s+(?P<unit>[^.;()]+)",
    re.I,
)
_SECRETARIAT_LABEL = re.compile(r"^sekretariat(?:et)?\s*:\s*(?P<unit>[^.;]+)", re.I | re.M)


def forum_period(title: str, text: str) -> tuple[int, int] | None:
    for source in (title, text):
        match = _PERIOD.search(source)
        if match and int(match[1]) <= int(match[2]) <= int(match[1]) + 10:
            return int(match[1]), int(match[2])
    return None


def _date_in(text: str, reference: datetime.date) -> datetime.date | None:
    try:
        parsed = parse_date(text, reference=reference)
    except DateNotUnderstood:
        return None
    return parsed.starts_on if parsed.precision == "day" else None


def _sentences(text: str) -> list[str]:
    return re.split(r"(?<=[.!?])\s+(?=[A-ZÆØÅ])", text)


def council_decision(text: str, reference: datetime.date) -> tuple[datetime.date | None, str]:
    """The council meeting that decided to set up the forum, and the case number there."""
    for sentence in _sentences(text):
        if re.match(r"\s*(?:endeligt\s+)?(?:vedtaget|godkendt)\b", sentence, re.I):
            continue  # the adoption of the terms themselves, not the decision behind them
        match = _DECISION.search(sentence) or _COUNCIL_DATE.search(sentence)
        if match:
            case = _CASE_NUMBER.search(sentence)
            return _date_in(match["date"], reference), case["number"] if case else ""
    return None, ""


def terms_adopted(text: str, reference: datetime.date) -> datetime.date | None:
    """ "Vedtaget af Ishøj Byråd d. 6. juni 2018": the last such statement in the document."""
    for sentence in reversed(_sentences(text)):
        match = _ADOPTED.search(sentence)
        if match and not re.search(r"beslutning|besluttede", sentence, re.I):
            day = _date_in(match["date"], reference)
            if day:
                return day
    return None


def secretariat_unit(text: str) -> str:
    match = _SECRETARIAT_LABEL.search(text) or _SECRETARIAT.search(text)
    return " ".join(match["unit"].split()).strip(" ,") if match else ""
