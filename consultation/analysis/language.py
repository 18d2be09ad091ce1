"""The language a response is written in, detected offline from the text.

The language profiles ship inside the `lingua` package: nothing is downloaded at run time.
Only the languages the public pages offer are considered, so a Danish text is never taken for
Norwegian; a text too short or too uncertain to tell gets no language ("").
"""

import re
from functools import lru_cache

#: ISO 639-1 codes of the languages the public pages offer.
LANGUAGES = ("da", "en", "ar", "tr", "ur", "pl", "so")
MIN_WORDS = 3
MIN_CONFIDENCE = 0.5


#: Words that are common in Danish and rare in the other offered languages: a text with enough
#: of them is Danish without asking the detector, which saves its time and memory for the rest.
_DANISH_WORDS = """
    og ikke på jeg vi skal har det til være også kan der med af fra hvor vores mange meget
"""
_DANISH = frozenset(_DANISH_WORDS.split())
_WORD = re.compile(r"[^\W\d_]+")


def _plainly_danish(text: str) -> bool:
    words = [w.casefold() for w in _WORD.findall(text)]
    hits = [w for w in words if w in _DANISH]
    return len(set(hits)) >= 3 and len(hits) >= 0.15 * len(words)


@lru_cache(maxsize=1)
def _detector():
    from lingua import IsoCode639_1, Language, LanguageDetectorBuilder

    languages = [
        Language.from_iso_code_639_1(getattr(IsoCode639_1, code.upper())) for code in LANGUAGES
    ]
    return LanguageDetectorBuilder.from_languages(*languages).with_low_accuracy_mode().build()


def detect(text: str) -> str:
    return detect_many([None], [text])[0]


def detect_many(known: list, texts: list[str], progress=None) -> list[str]:
    """The language of each text; where `known` has one already, it is kept."""
    progress = progress or (lambda share: None)
    todo = [
        i for i, k in enumerate(known) if k is None and len((texts[i] or "").split()) >= MIN_WORDS
    ]
    found = [k if k is not None else "" for k in known]
    for i in todo:
        if _plainly_danish(texts[i]):
            found[i] = "da"
    todo = [i for i in todo if not found[i]]
    if not todo:
        return found
    detector = _detector()
    batch = 500
    for start in range(0, len(todo), batch):
        chunk = todo[start : start + batch]
        values = detector.compute_language_confidence_values_in_parallel([texts[i] for i in chunk])
        for i, confidences in zip(chunk, values, strict=True):
            top = confidences[0] if confidences else None
            if top is not None and top.value >= MIN_CONFIDENCE:
                found[i] = top.language.iso_code_639_1.name.lower()
        progress(min(1.0, (start + batch) / len(todo)))
    return found
