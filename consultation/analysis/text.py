"""Words, stems and sentences of Danish (and other) text, for the analysis."""

import re
import unicodedata
from functools import lru_cache

import snowballstemmer

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+(?=[\"»„(]?[A-ZÆØÅ0-9])|\n\s*\n|\n(?=\s*[-•*]\s)")
_TAG = re.compile(r"<[^>]+>")

#: Danish function words (and the words every response about this draft uses) that say
#: nothing about which part of it a response is about.
_STOP_WORDS_TEXT = """
    af alle allerede alt anden andet andre at bare begge blev blive bliver da de dem den denne
    der deres det dette dig din dine disse dit dog du efter eller en end er et ej for fordi fra
    få får gør gøre gjorde han hans har havde have hende hendes her hos hun hvad hvem hver
    hvilke hvilken hvis hvor hvordan hvorfor i ikke ind ingen intet jeg jer jeres jo kan kom
    komme kommer kun kunne lidt lige man mange med meget men mere mig min mine mit mod må måske
    ned noget nogle nok nu når og også om op os over på sig sin sine sit skal skulle som så
    sådan selv selvom siden skal stadig til ud uden under var vi vil ville vor vores være været
    ved vel via hele helt god godt gerne tak venlig venlige hilsen kære hej mvh synes syntes
    mener tror ønsker ønske gerne vigtigt bør the a an and or of to in is are be for on it this
    that with as we i you our not kommune ishøj politik politikken medborgerpolitik
    medborgerpolitikken forslag forslaget udkast udkastet høring høringen høringssvar afsnit
    afsnittet
"""
STOP_WORDS = frozenset(_STOP_WORDS_TEXT.split())

_stemmer = snowballstemmer.stemmer("danish")


def plain(html_or_text: str) -> str:
    """Text without markup, in composed Unicode form."""
    return unicodedata.normalize("NFKC", _TAG.sub(" ", html_or_text or ""))


def words(text: str) -> list[str]:
    return [w.casefold() for w in _WORD.findall(text or "")]


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    return _stemmer.stemWord(word)


def content_stems(text: str) -> list[str]:
    """The stems of the words that carry meaning."""
    return [stem(w) for w in words(text) if len(w) > 2 and w not in STOP_WORDS]


def stemmed_text(text: str) -> str:
    return " ".join(content_stems(text))


def sentences(text: str) -> list[str]:
    """Sentences (and list items) of a text, stripped, without empty ones."""
    parts = _SENTENCE_END.split(plain(text))
    return [" ".join(p.split()) for p in parts if p and len(p.split()) >= 3]
