"""The public languages' catalogues: built from the Danish one, checked, and reviewed.

locale/da holds every UI string (English msgid, Danish msgstr). Each other public language
(settings.LANGUAGES but Danish and English, whose msgids are English) has a catalogue with
exactly the public strings, those whose source medborger.languages.PUBLIC_SOURCES names.

Who translated a catalogue is its `Last-Translator` header; whether a person has reviewed an
entry is a translator comment `reviewed-by: <name>` on it (`X-Reviewed-By` in the header names
who reviewed the whole catalogue, when somebody has). Unreviewed entries are listed for staff
on the translations page and by `scripts/public_messages.py --unreviewed`.
"""

import ast
import fnmatch
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

import polib
from django.conf import settings

from .languages import PUBLIC_SOURCES

ROOT = Path(settings.BASE_DIR)
LOCALE = ROOT / "locale"
REVIEWED = "reviewed-by:"

#: gettext's plural rule per language (the catalogue header), from CLDR.
PLURAL_FORMS = {
    "ar": "nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 "
    ": n%100>=11 ? 4 : 5);",
    "tr": "nplurals=2; plural=(n != 1);",
    "ur": "nplurals=2; plural=(n != 1);",
    "pl": "nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<12 || n%100>14) ? 1 : 2);",
    "so": "nplurals=2; plural=(n != 1);",
}


def catalogue_languages() -> list[str]:
    """Public languages that need a catalogue of their own (not Danish, not English)."""
    return [code for code, _name in settings.LANGUAGES if code not in ("da", "en")]


def po_path(code: str, domain: str = "django") -> Path:
    return LOCALE / code / "LC_MESSAGES" / f"{domain}.po"


@dataclass(frozen=True)
class Source:
    pattern: str
    symbols: tuple[str, ...]


def _sources() -> list[Source]:
    sources = []
    for entry in PUBLIC_SOURCES:
        path, _sep, symbols = entry.partition("::")
        sources.append(Source(path, tuple(filter(None, symbols.split(",")))))
    return sources


@cache
def _symbol_lines(path: str) -> dict[str, range]:
    tree = ast.parse((ROOT / path).read_text())
    return {
        node.name: range(node.lineno, node.end_lineno + 1)
        for node in tree.body
        if isinstance(node, ast.ClassDef | ast.FunctionDef)
    }


def missing_sources() -> list[str]:
    """Entries of PUBLIC_SOURCES that name nothing (a moved file, a renamed class)."""
    problems = []
    for source in _sources():
        if not list(ROOT.glob(source.pattern)):
            problems.append(f"public source {source.pattern} does not exist")
            continue
        for symbol in source.symbols:
            if symbol not in _symbol_lines(source.pattern):
                problems.append(f"public source {source.pattern} has no {symbol}")
    return problems


def is_public_occurrence(path: str, line: str | int) -> bool:
    for source in _sources():
        if not fnmatch.fnmatch(path, source.pattern):
            continue
        if not source.symbols:
            return True
        lines = _symbol_lines(path)
        if any(int(line) in lines.get(symbol, ()) for symbol in source.symbols):
            return True
    return False


def _read(path: Path) -> polib.POFile:
    """The catalogue at `path`, parsed once per change of the file: the translation review page
    reads every catalogue several times, and parsing them on each request took 1.5 s. Read
    only; `catalogue_update` parses its own copy to change it."""
    stat = path.stat()
    return _parsed(str(path), stat.st_mtime_ns, stat.st_size)


def files_stamp(code: str, domain: str = "django") -> tuple:
    """What `untranslated(code)`, `unreviewed(code)` and `catalogue_translator(code)` read:
    `code`'s catalogue and the Danish one, by path, modification time and size (None for a
    missing file). A value computed from them is current while this is unchanged."""
    stamp = []
    for path in (po_path(code, domain), po_path("da", domain)):
        try:
            stat = path.stat()
        except FileNotFoundError:
            stamp.append((str(path), None, None))
        else:
            stamp.append((str(path), stat.st_mtime_ns, stat.st_size))
    return tuple(stamp)


@lru_cache(maxsize=32)
def _parsed(path: str, _mtime_ns: int, _size: int) -> polib.POFile:
    return polib.pofile(path)


def public_entries(domain: str = "django") -> list[polib.POEntry]:
    """The Danish catalogue's entries that a public page or a citizen's e-mail shows."""
    path = po_path("da", domain)
    if not path.exists():
        return []
    stat = path.stat()
    return list(_public_entries(str(path), stat.st_mtime_ns, stat.st_size))


@lru_cache(maxsize=8)
def _public_entries(path: str, mtime_ns: int, size: int) -> tuple[polib.POEntry, ...]:
    return tuple(
        entry
        for entry in _parsed(path, mtime_ns, size)
        if not entry.obsolete
        and any(is_public_occurrence(file, line) for file, line in entry.occurrences)
    )


def _key(entry: polib.POEntry) -> tuple:
    return (entry.msgctxt, entry.msgid)


def _new_catalogue(code: str) -> polib.POFile:
    po = polib.POFile(wrapwidth=100)
    name = dict(settings.LANGUAGES)[code]
    po.header = f"Medborger's public pages in {code} ({name}); see medborger/catalogues.py."
    po.metadata = {
        "Project-Id-Version": "Medborger",
        "Last-Translator": "",
        "X-Reviewed-By": "",
        "Language-Team": name,
        "Language": code,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": PLURAL_FORMS.get(code, "nplurals=2; plural=(n != 1);"),
    }
    return po


def _nplurals(po: polib.POFile) -> int:
    rule = po.metadata.get("Plural-Forms", "nplurals=2;")
    return int(rule.split("nplurals=")[1].split(";")[0])


def catalogue_update(*, code: str, domain: str = "django") -> polib.POFile | None:
    """Give `code`'s catalogue exactly the public strings, keeping existing translations."""
    public = public_entries(domain)
    path = po_path(code, domain)
    if not public and not path.exists():
        return None
    po = polib.pofile(str(path), wrapwidth=100) if path.exists() else _new_catalogue(code)
    existing = {_key(entry): entry for entry in po if not entry.obsolete}
    extra = [entry for entry in po if "django-core" in entry.flags]
    nplurals = _nplurals(po)
    entries = []
    for source in public:
        entry = existing.get(_key(source))
        if entry is None:
            entry = polib.POEntry(msgctxt=source.msgctxt, msgid=source.msgid, msgstr="")
            if source.msgid_plural:
                entry.msgid_plural = source.msgid_plural
                entry.msgstr_plural = dict.fromkeys(range(nplurals), "")
        entry.occurrences = source.occurrences
        entry.flags = [flag for flag in source.flags if flag != "fuzzy"] + [
            flag for flag in entry.flags if flag == "fuzzy"
        ]
        entries.append(entry)
    po[:] = entries + [entry for entry in extra if _key(entry) not in {_key(e) for e in entries}]
    path.parent.mkdir(parents=True, exist_ok=True)
    po.save(str(path))
    po.save_as_mofile(str(path.with_suffix(".mo")))
    return po


def _translated(entry: polib.POEntry) -> bool:
    if "fuzzy" in entry.flags:
        return False
    if entry.msgid_plural:
        return bool(entry.msgstr_plural) and all(entry.msgstr_plural.values())
    return bool(entry.msgstr)


def untranslated(code: str, domain: str = "django") -> list[str]:
    """Public msgids that `code`'s catalogue lacks or leaves untranslated."""
    path = po_path(code, domain)
    public = public_entries(domain)
    if not path.exists():
        return [entry.msgid for entry in public]
    entries = {_key(entry): entry for entry in _read(path) if not entry.obsolete}
    return [
        source.msgid
        for source in public
        if _key(source) not in entries or not _translated(entries[_key(source)])
    ]


def is_reviewed(entry: polib.POEntry) -> bool:
    return any(
        line.strip().lower().startswith(REVIEWED) for line in (entry.tcomment or "").splitlines()
    )


@dataclass(frozen=True)
class Unreviewed:
    msgid: str
    msgstr: str


def unreviewed(code: str, domain: str = "django") -> list[Unreviewed]:
    """Public strings of `code` whose translation no person has reviewed yet."""
    path = po_path(code, domain)
    if not path.exists():
        return []
    po = _read(path)
    if po.metadata.get("X-Reviewed-By", "").strip():
        return []
    return [
        Unreviewed(entry.msgid, entry.msgstr or next(iter(entry.msgstr_plural.values()), ""))
        for entry in po
        if not entry.obsolete and not is_reviewed(entry)
    ]


def catalogue_translator(code: str, domain: str = "django") -> str:
    path = po_path(code, domain)
    return _read(path).metadata.get("Last-Translator", "") if path.exists() else ""
