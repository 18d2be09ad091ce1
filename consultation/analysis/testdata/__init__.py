"""The labelled test set of the hearing analysis: a draft of ten sections and its responses.

`responses.txt` holds the responses written by hand with their labels. A campaign block gives
either one base text and a count (`exact`: that many identical copies; `edits`: that many copies
with the small edits people make to a form letter — a greeting, a signature, a changed word,
punctuation — chosen by a fixed seed) or the reworded versions of one demand, one a line.
"""

import json
import random
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).parent


@dataclass(frozen=True)
class Labelled:
    id: str
    text: str
    sections: tuple[int, ...]
    campaign: str | None
    off_topic: bool
    evidence_rich: bool
    language: str


def draft() -> dict:
    return json.loads((HERE / "draft.json").read_text())


_GREETINGS = ["", "Hej.", "Kære Ishøj Kommune,", "Til byrådet:", "Hej Ishøj!", "Kære politikere,"]
_SIGNATURES = [
    "",
    "Mvh. Hanne",
    "Venlig hilsen Ali",
    "Hilsen en bekymret borger",
    "/Peter og Mette",
    "Mvh Fatma, Vejleåparken",
]
_SWAPS = [
    ("Vi kræver", "Jeg kræver"),
    ("Vi ", "Jeg og min familie "),
    ("støtter", "bakker op om"),
    ("Skriv det ind", "Skriv det venligst ind"),
    ("!", "."),
    ("byens", "Ishøjs"),
]


def _edited(base: str, rng: random.Random) -> str:
    text = base
    for old, new in rng.sample(_SWAPS, k=rng.randint(0, 2)):
        text = text.replace(old, new, 1)
    if rng.random() < 0.3:
        text = text.replace(",", "", 1)
    return " ".join(p for p in [rng.choice(_GREETINGS), text, rng.choice(_SIGNATURES)] if p)


def _header(line: str) -> dict:
    _, kind, *rest = line.split()
    fields = dict(item.split("=", 1) for item in rest if "=" in item)
    count = next((int(item) for item in rest if item.isdigit()), 0)
    return {"kind": kind, "count": count, **fields}


def responses() -> list[Labelled]:
    rng = random.Random(2026)
    found: list[Labelled] = []
    block, campaign_no = None, 0

    def add(text, sections, campaign, flags, language):
        found.append(
            Labelled(
                id=f"T{len(found) + 1:04d}",
                text=text,
                sections=sections,
                campaign=campaign,
                off_topic="o" in flags,
                evidence_rich="e" in flags,
                language=language,
            )
        )

    for raw in (HERE / "responses.txt").read_text().splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            block = None if not line else block
            continue
        if line.startswith("@campaign"):
            block = _header(line)
            campaign_no += 1
            block["id"] = f"C{campaign_no}"
            continue
        if block is None:
            numbers, flags, language, text = line.split(";", 3)
            sections = () if numbers == "-" else tuple(int(n) for n in numbers.split(","))
            add(text, sections, None, flags, language)
            continue
        sections = tuple(int(n) for n in block["sections"].split(","))
        flags, language = block.get("flags", ""), block.get("language", "da")
        if block["kind"] == "exact":
            for _ in range(block["count"]):
                add(line, sections, block["id"], flags, language)
        elif block["kind"] == "edits":
            for _ in range(block["count"]):
                add(_edited(line, rng), sections, block["id"], flags, language)
        else:
            add(line, sections, block["id"], flags, language)
    return found


def synthetic(count: int, *, campaigns: int = 40, seed: int = 7) -> list[str]:
    """`count` response texts for timing the analysis at scale: `campaigns` form letters sent
    100 times each with small edits, the rest new texts made of one to three sentences of the
    labelled unique responses, with a greeting, a signature and a number of their own."""
    from ..text import sentences

    rng = random.Random(seed)
    unique = [r.text for r in responses() if r.campaign is None]
    pool = [s for text in unique for s in sentences(text)] or unique
    texts = []
    for base in rng.sample(unique, k=min(campaigns, len(unique))):
        texts += [_edited(base, rng) for _ in range(min(100, max(0, count - len(texts))))]
    while len(texts) < count:
        body = " ".join(rng.sample(pool, k=rng.randint(1, 3)))
        number = (
            f"Vi er {rng.randint(2, 400)} i vores {rng.choice(['forening', 'opgang', 'klub'])}."
        )
        texts.append(" ".join([rng.choice(_GREETINGS), body, number, rng.choice(_SIGNATURES)]))
    rng.shuffle(texts)
    return texts[:count]
