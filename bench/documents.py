"""Benchmark: a 100-section, 40,000-word document with 200 versions.

Measures the word-level comparison of the two largest versions (goal: under 300 ms), a worst
case (first against last version), and the editor, version list and comparison pages (time and
query count). Run from the project root:

    .venv/bin/python bench/documents.py            # builds bench/.work/documents.sqlite3 once
    .venv/bin/python bench/documents.py --rebuild  # starts from an empty database

The database is a throwaway SQLite file under bench/.work/ (ignored by git).
"""

import argparse
import os
import random
import statistics
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "bench" / ".work"
DB = WORK / "documents.sqlite3"

SECTIONS = 100
WORDS = 40_000
VERSIONS = 200
#: Words follow Zipf's law like real prose: a few very common ("og", "at"), a long tail.
SYLLABLES = [
    "bo",
    "for",
    "fæl",
    "les",
    "skab",
    "fri",
    "vil",
    "lig",
    "ning",
    "kom",
    "mu",
    "ne",
    "po",
    "li",
    "tik",
    "tryg",
    "hed",
    "nær",
    "sted",
    "by",
    "ud",
]


def vocabulary(rng: random.Random, size: int = 4000) -> tuple[list[str], list[float]]:
    common = [
        "og",
        "at",
        "i",
        "det",
        "er",
        "en",
        "til",
        "på",
        "som",
        "med",
        "for",
        "de",
        "af",
        "ikke",
        "vi",
        "der",
        "har",
    ]
    words = common + [
        "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))) for _ in range(size)
    ]
    return words, [1 / rank for rank in range(1, len(words) + 1)]


def setup_django(rebuild: bool) -> None:
    WORK.mkdir(parents=True, exist_ok=True)
    if rebuild and DB.exists():
        DB.unlink()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "medborger.settings")
    os.environ["DATABASE_URL"] = f"sqlite:///{DB}"
    os.environ.setdefault("DEBUG", "1")
    os.environ["ALLOWED_HOSTS"] = "127.0.0.1,localhost,testserver"
    os.environ["MEDBORGER_VAR_DIR"] = str(WORK / "var")
    os.environ["FAST_PASSWORD_HASHING"] = "true"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)


def paragraph(rng: random.Random, words: int, vocab) -> str:
    return "<p>" + " ".join(rng.choices(vocab[0], vocab[1], k=words)) + ".</p>"


def build(user):
    """200 versions; each edits a few sections, now and then renames, moves or adds one."""
    from policy.models import Document
    from policy.services import SectionInput, version_save

    rng = random.Random(2026)
    vocab = vocabulary(rng)
    document, _created = Document.objects.get_or_create(
        slug="bench-politik", defaults={"title": "Benchmarkpolitik"}
    )
    if document.current_version_id:
        return document
    per_section = WORDS // SECTIONS
    sections = [
        SectionInput(
            heading=f"Afsnit {i + 1}",
            body="".join(paragraph(rng, per_section // 4, vocab) for _ in range(4)),
            key=uuid.uuid4(),
        )
        for i in range(SECTIONS)
    ]
    base = None
    for number in range(1, VERSIONS + 1):
        if number > 1:
            for _ in range(5):
                i = rng.randrange(len(sections))
                words = sections[i].body.split(" ")
                for _ in range(8):
                    words[rng.randrange(len(words))] = rng.choices(*vocab)[0]
                words.insert(rng.randrange(len(words)), rng.choices(*vocab)[0])
                sections[i] = SectionInput(sections[i].heading, " ".join(words), sections[i].key)
            if number % 20 == 0:
                i = rng.randrange(len(sections))
                sections[i] = SectionInput(
                    sections[i].heading + " (omdøbt)", sections[i].body, sections[i].key
                )
            if number % 25 == 0:
                moved = sections.pop(rng.randrange(len(sections)))
                sections.insert(rng.randrange(len(sections)), moved)
        version = version_save(document=document, sections=sections, user=user, base_number=base)
        base = version.number
    return document


def timed(fn, runs: int) -> tuple[float, float]:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples), max(samples)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    setup_django(args.rebuild)

    from django.contrib.auth.models import Group
    from django.db import connection, reset_queries
    from django.db.models import Prefetch, Sum
    from django.db.models.functions import Length
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from medborger.models import User
    from medborger.roles import Role
    from policy.compare import compare_versions
    from policy.models import DocumentVersion, Section

    user, _created = User.objects.get_or_create(username="bench-koordinator")
    user.groups.add(Group.objects.get(name=Role.COORDINATOR))
    start = time.perf_counter()
    document = build(user)
    print(f"document ready in {time.perf_counter() - start:.1f} s")

    sizes = (
        DocumentVersion.objects.filter(document=document)
        .annotate(size=Sum(Length("sections__body")))
        .order_by("-size", "-number")
        .values_list("number", "size")
    )
    (a, size_a), (b, size_b) = list(sizes[:2])
    old_number, new_number = sorted((a, b))

    def load(number):
        return DocumentVersion.objects.prefetch_related(
            Prefetch("sections", queryset=Section.objects.order_by("position"))
        ).get(document=document, number=number)

    old, new = load(old_number), load(new_number)
    words = sum(len(s.body.split()) for s in new.sections.all())
    print(
        f"largest versions: {old_number} and {new_number} "
        f"({size_a:,} and {size_b:,} characters, {words:,} words, {SECTIONS} sections)"
    )
    rows = []

    def compare(a, b):
        # Match the sections and compute every changed section's word-level rows.
        return compare_versions(a, b).changed_sections()

    median, worst = timed(lambda: compare(old, new), args.runs)
    rows.append(("compare two largest versions (computation)", median, worst, None))
    median, worst = timed(lambda: compare(load(old_number), load(new_number)), args.runs)
    rows.append(("compare two largest versions (fetch + computation)", median, worst, None))
    first, last = load(1), load(document.current_version.number)
    changed = len(compare(first, last))
    median, worst = timed(lambda: compare(first, last), args.runs)
    rows.append(
        (f"compare first and last version ({changed} sections changed)", median, worst, None)
    )

    client = Client()
    client.force_login(user)
    pages = {
        "editor page": reverse("policy:document_editor", kwargs={"slug": document.slug}),
        "version list page (200 versions)": reverse(
            "policy:version_list", kwargs={"slug": document.slug}
        ),
        "comparison page, side by side": reverse(
            "policy:version_compare",
            kwargs={"slug": document.slug, "old": old_number, "new": new_number},
        ),
        "comparison page, first and last": reverse(
            "policy:version_compare",
            kwargs={"slug": document.slug, "old": 1, "new": document.current_version.number},
        ),
    }
    for name, url in pages.items():
        reset_queries()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        median, worst = timed(lambda url=url: client.get(url), max(3, args.runs // 3))
        rows.append((name, median, worst, len(queries)))

    print()
    print("| measurement | median ms | max ms | queries |")
    print("| --- | ---: | ---: | ---: |")
    for name, median, worst, queries in rows:
        print(
            f"| {name} | {median:.0f} | {worst:.0f} | {queries if queries is not None else '–'} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
