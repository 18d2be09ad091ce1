"""The importer's interpretation, pinned field by field on every document the import tests read.

`importer_golden/*.json` holds, for each distinct document that reached `interpret` while the
import tests ran (Word, OpenDocument, Markdown and text, the fixtures and the documents the tests
build), the blocks its reader produced and everything `interpret` made of them: every field of
the `ImportedTerms`, its sections, milestones, groups, members, forum and warnings, or the refusal
(code and message). A change to the interpretation that changes any of it fails here.

The municipality's own two documents (`MEDBORGER_SEEDS_DIR`, see test_importer_seeds.py) are not
copied into the repository: their result is pinned as a fingerprint, in which every text is
replaced by its length and a hash, and dates, numbers and the structure are kept as they are.

After an intended change of behaviour, rewrite the expected results with
`UPDATE_IMPORTER_GOLDEN=1 .venv/bin/pytest policy/tests/test_importer_golden.py -n 0` and read
the diff before committing it.
"""

import datetime
import hashlib
import json
import os
import re
from dataclasses import asdict
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from policy.importer import read_terms
from policy.importer.blocks import Cell, Heading, ListBlock, ListItem, Paragraph, Source, Table
from policy.importer.interpret import interpret

from .test_importer_seeds import SEED_FORUM, SEED_TERMS

GOLDEN = Path(__file__).parent / "importer_golden"
UPDATE = os.environ.get("UPDATE_IMPORTER_GOLDEN") == "1"
SEED_TODAY = datetime.date(2026, 1, 1)


# --- Blocks to JSON and back ------------------------------------------------------------------


def source_to_json(source: Source) -> dict:
    return {
        "blocks": [_block_to_json(block) for block in source.blocks],
        "header_lines": list(source.header_lines),
        "warnings": list(source.warnings),
    }


def _block_to_json(block) -> dict:
    return {"type": type(block).__name__, **asdict(block)}


def source_from_json(data: dict) -> Source:
    return Source(
        blocks=[_block_from_json(block) for block in data["blocks"]],
        header_lines=list(data["header_lines"]),
        warnings=list(data["warnings"]),
    )


def _block_from_json(data: dict):
    values = {key: value for key, value in data.items() if key != "type"}
    kind = data["type"]
    if kind == "ListBlock":
        values["items"] = [ListItem(**item) for item in values["items"]]
    elif kind == "Table":
        values["rows"] = [[Cell(**cell) for cell in row] for row in values["rows"]]
    block_class = {"Heading": Heading, "Paragraph": Paragraph, "ListBlock": ListBlock}
    return block_class.get(kind, Table)(**values)


# --- What the interpretation made of a document -----------------------------------------------


def outcome(run) -> dict:
    """Everything `run()` returned, or the refusal it raised, in English."""
    with translation.override("en"):
        try:
            terms = run()
        except ValidationError as refused:
            return {"refused": {"code": refused.code, "messages": refused.messages}}
        return {"terms": terms.to_json()}


def interpret_case(case: dict) -> dict:
    return outcome(
        lambda: interpret(
            source_from_json(case["source"]),
            filename=case["filename"],
            file_kind=case["file_kind"],
            today=datetime.date.fromisoformat(case["today"]),
        )
    )


_KEEP = re.compile(r"\d{4}-\d{2}-\d{2}|[a-z_]{1,30}|\d{1,6}")


def fingerprint(value):
    """The value with every text that could quote the document replaced by its length and hash;
    dates, short lowercase codes (kinds, precisions, roles) and numbers stay readable."""
    if isinstance(value, dict):
        return {key: fingerprint(item) for key, item in value.items()}
    if isinstance(value, list):
        return [fingerprint(item) for item in value]
    if isinstance(value, str) and not _KEEP.fullmatch(value):
        digest = hashlib.sha256(value.encode()).hexdigest()[:16]
        return f"{len(value)}:{digest}"
    return value


def _compare(path: Path, found: dict, key: str) -> None:
    stored = json.loads(path.read_text())
    if UPDATE:
        stored[key] = found
        path.write_text(json.dumps(stored, ensure_ascii=False, indent=1, sort_keys=True) + "\n")
    assert found == stored[key]


# --- The tests --------------------------------------------------------------------------------

CASES = sorted(GOLDEN.glob("case_*.json"))


def test_the_golden_cases_cover_every_format_and_both_outcomes():
    cases = [json.loads(path.read_text()) for path in CASES]
    assert {case["file_kind"] for case in cases} == {"docx", "odt", "markdown", "text"}
    assert any("refused" in case["expected"] for case in cases)
    assert sum("terms" in case["expected"] for case in cases) >= 15


@pytest.mark.parametrize("path", CASES, ids=[path.stem for path in CASES])
def test_the_interpretation_is_unchanged(path):
    case = json.loads(path.read_text())
    _compare(path, interpret_case(case), "expected")


@pytest.mark.skipif(
    not (SEED_TERMS.is_file() and SEED_FORUM.is_file()),
    reason="The municipality's documents are not there (set MEDBORGER_SEEDS_DIR).",
)
@pytest.mark.parametrize("seed", [SEED_TERMS, SEED_FORUM], ids=["terms", "forum"])
def test_the_seeds_read_as_before(seed):
    found = outcome(lambda: read_terms(name=seed.name, data=seed.read_bytes(), today=SEED_TODAY))
    _compare(GOLDEN / f"seed_{seed.stem}.json", fingerprint(found), "fingerprint")
