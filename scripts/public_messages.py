"""The public languages' catalogues (see medborger/catalogues.py).

    public_messages.py               give each public language's catalogue exactly the public
                                     strings of locale/da (new ones untranslated) and compile it
    public_messages.py --missing     list the public strings each language lacks (exit 1 if any)
    public_messages.py --unreviewed  list the translations no person has reviewed yet

Run by `make messages` after `makemessages` has refreshed locale/da.
"""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "medborger.settings")

import django

django.setup()

from medborger import catalogues  # noqa: E402


def main(argv: list[str]) -> int:
    problems = catalogues.missing_sources()
    for problem in problems:
        print(problem)
    if "--missing" in argv:
        for code in catalogues.catalogue_languages():
            for msgid in catalogues.untranslated(code):
                problems.append(msgid)
                print(f"{code}: {msgid!r}")
    elif "--unreviewed" in argv:
        for code in catalogues.catalogue_languages():
            for entry in catalogues.unreviewed(code):
                print(f"{code}: {entry.msgid!r}")
    else:
        for code in catalogues.catalogue_languages():
            po = catalogues.catalogue_update(code=code)
            missing = len(catalogues.untranslated(code))
            count = len(po) if po is not None else 0
            print(f"{code}: {count} public strings, {missing} untranslated")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
