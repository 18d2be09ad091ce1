"""Check that every UI string in the code has a Danish translation, compiled.

1. `makemessages` finds no msgid that locale/da lacks (run where GNU gettext is installed);
2. no entry in the .po files is untranslated or fuzzy;
3. each .mo file holds exactly the .po file's translations;
4. every public language's catalogue translates every public string (medborger/catalogues.py)
   and is compiled.
Run by `make lint`; the files are left as they were.
"""

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "medborger.settings")
LOCALE = ROOT / "locale" / "da" / "LC_MESSAGES"
DOMAINS = ["django", "djangojs"]
IGNORE = [".venv/*", "node_modules/*", "var/*", "bench/*", "static/vendor/*"]


def entries(po: polib.POFile) -> dict:
    return {(e.msgctxt, e.msgid): e for e in po if not e.obsolete}


def missing_msgids() -> list[str]:
    if shutil.which("xgettext") is None:
        print("GNU gettext is not installed: skipping the search for new strings.")
        return []
    problems = []
    with tempfile.TemporaryDirectory() as backup:
        for domain in DOMAINS:
            po = LOCALE / f"{domain}.po"
            if po.exists():
                shutil.copy2(po, Path(backup) / po.name)
        try:
            for domain in DOMAINS:
                args = [sys.executable, "manage.py", "makemessages", "--locale", "da"]
                args += ["--domain", domain] + [f"--ignore={pattern}" for pattern in IGNORE]
                subprocess.run(args, cwd=ROOT, check=True, capture_output=True, env=os.environ)
                po = LOCALE / f"{domain}.po"
                before_path = Path(backup) / po.name
                before = entries(polib.pofile(str(before_path))) if before_path.exists() else {}
                after = entries(polib.pofile(str(po))) if po.exists() else {}
                for key in sorted(set(after) - set(before), key=str):
                    problems.append(f"{domain}.po lacks {key[1]!r}: run `make messages`")
        finally:
            for domain in DOMAINS:
                saved = Path(backup) / f"{domain}.po"
                if saved.exists():
                    shutil.copy2(saved, LOCALE / saved.name)
                elif (LOCALE / saved.name).exists():
                    (LOCALE / saved.name).unlink()
    return problems


def incomplete_translations() -> list[str]:
    problems = []
    for domain in DOMAINS:
        po_path = LOCALE / f"{domain}.po"
        if not po_path.exists():
            continue
        po = polib.pofile(str(po_path))
        for entry in po.untranslated_entries():
            problems.append(f"{domain}.po: no Danish for {entry.msgid!r}")
        for entry in po.fuzzy_entries():
            problems.append(f"{domain}.po: fuzzy translation of {entry.msgid!r}")
        mo_path = po_path.with_suffix(".mo")
        if not mo_path.exists():
            problems.append(f"{mo_path.name} is missing: run `make messages`")
            continue
        compiled = {
            (e.msgctxt, e.msgid): (e.msgstr, e.msgstr_plural) for e in polib.mofile(str(mo_path))
        }
        source = {
            (e.msgctxt, e.msgid): (e.msgstr, e.msgstr_plural) for e in po.translated_entries()
        }
        if compiled != source:
            problems.append(f"{mo_path.name} is out of date: run `make messages`")
    return problems


def public_translations() -> list[str]:
    import django

    django.setup()
    from medborger import catalogues

    problems = catalogues.missing_sources()
    for code in catalogues.catalogue_languages():
        for msgid in catalogues.untranslated(code):
            problems.append(f"locale/{code}: no translation of the public string {msgid!r}")
        po_path = catalogues.po_path(code)
        if not po_path.exists():
            continue
        po = polib.pofile(str(po_path))
        mo_path = po_path.with_suffix(".mo")
        source = {
            (e.msgctxt, e.msgid): (e.msgstr, e.msgstr_plural) for e in po.translated_entries()
        }
        compiled = (
            {(e.msgctxt, e.msgid): (e.msgstr, e.msgstr_plural) for e in polib.mofile(str(mo_path))}
            if mo_path.exists()
            else None
        )
        if compiled != source:
            problems.append(f"locale/{code}: {mo_path.name} is out of date: run `make messages`")
    return problems


def main() -> int:
    problems = missing_msgids() + incomplete_translations() + public_translations()
    for problem in problems:
        print(problem)
    if problems:
        return 1
    print("Translations are complete.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
