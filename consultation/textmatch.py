"""Text helpers for hearing responses: near-identical texts and personal data inside a text.

Copy-paste campaigns send the same text with small changes (a name, a greeting, punctuation).
A text is normalised (case, accents in composed form, punctuation and spacing removed) and cut
into overlapping three-word shingles. Its *sketch* is the `SKETCH_SIZE` smallest shingle hashes:
two texts that share most of their shingles share most of their sketch, so candidates are found
with one indexed query and then confirmed with the exact Jaccard similarity of their shingles.
"""

import hashlib
import re
import unicodedata

from medborger import redaction, text

SKETCH_SIZE = 12
#: Sketch values two texts must share before their shingles are compared.
MIN_SHARED = 5
#: Share of common shingles from which two texts count as near-identical.
SIMILARITY_THRESHOLD = 0.8
SHINGLE_WORDS = 3

_NON_WORD = re.compile(r"[^\w]+", re.UNICODE)


# One definition of control characters for the whole site (medborger.text).
strip_control_characters = text.strip_control_characters


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text or "").casefold()
    return " ".join(_NON_WORD.sub(" ", text).replace("_", " ").split())


def fingerprint(text: str) -> str:
    """Equal for texts that differ only in case, punctuation and spacing."""
    return hashlib.sha256(normalise(text).encode()).hexdigest()


def _hash63(value: str) -> int:
    return int.from_bytes(hashlib.blake2b(value.encode(), digest_size=8).digest(), "big") >> 1


def shingles(text: str) -> set[int]:
    words = normalise(text).split()
    if len(words) < SHINGLE_WORDS:
        return {_hash63(" ".join(words))} if words else set()
    return {
        _hash63(" ".join(words[i : i + SHINGLE_WORDS]))
        for i in range(len(words) - SHINGLE_WORDS + 1)
    }


def sketch(shingle_set: set[int]) -> list[int]:
    return sorted(shingle_set)[:SKETCH_SIZE]


def similarity(a: set[int], b: set[int]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


# --- Personal data inside a text ------------------------------------------------------------

# The patterns are the site's one definition (medborger.personal_data).
CPR = redaction.CPR
EMAIL = redaction.EMAIL
PHONE = redaction.PHONE


def sensitive_findings(*texts: str) -> list[str]:
    """Kinds of personal data that appear in the texts: 'cpr', 'email', 'phone'."""
    found = []
    joined = "\n".join(t for t in texts if t)
    if CPR.search(joined):
        found.append("cpr")
    if EMAIL.search(joined):
        found.append("email")
    if PHONE.search(CPR.sub(" ", joined)):
        found.append("phone")
    return found


def mask_email_addresses(text: str, replacement: str) -> str:
    """The safety net of public pages: no e-mail address is ever shown, reviewed or not."""
    return EMAIL.sub(replacement, text or "")
