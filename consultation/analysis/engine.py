"""The analysis over plain data: sections, campaigns, themes, flags, language and summaries.

Everything here is a suggestion for a person to confirm. Nothing leaves the process: the only
models are scikit-learn's, fitted on the hearing's own texts, and the language profiles that
ship inside the `lingua` package.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

import numpy as np
from sklearn.cluster import MiniBatchKMeans
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize

from consultation import textmatch

from . import language as language_detection
from .text import content_stems, plain, sentences, stemmed_text, words

# --- Tuned on the labelled set in consultation/analysis/testdata (see bench/analysis.py) ------

#: A section is suggested when its similarity is at least this ...
SECTION_MIN_SIMILARITY = 0.06
#: ... and at least this share of the best section's similarity.
SECTION_RELATIVE = 0.6
#: With explicit references, other sections need this similarity as well.
SECTION_STRONG_SIMILARITY = 0.35
#: At most this many sections from similarity alone.
SECTION_MAX_SUGGESTIONS = 3
#: Two texts are copies with small edits from this share of common three-word shingles ...
CAMPAIGN_SHINGLE_SIMILARITY = 0.45
#: ... and reworded versions of the same demand from this cosine of their stemmed words.
CAMPAIGN_REWORDED_COSINE = 0.62
#: Off topic: no reference and the best section similarity below this.
OFF_TOPIC_SIMILARITY = 0.02
#: Evidence-rich from this many kinds of evidence.
EVIDENCE_MIN_SCORE = 3
#: A response this far from its theme's centre stands on its own as unusual.
THEME_MIN_COHESION = 0.15


@dataclass(frozen=True)
class SectionText:
    key: str
    number: int
    heading: str
    text: str


@dataclass(frozen=True)
class ResponseText:
    id: str
    text: str
    subject: str = ""
    #: The language detected before: detection is the one part done per response.
    language: str | None = None


@dataclass(frozen=True)
class PointText:
    """A point of the hearing (issue 19): its own text, or the response's when it has none."""

    id: str
    text: str


@dataclass(frozen=True)
class Feedback:
    """A person's word on a suggested (or chosen) section: kept, and learnt from.

    `response_id` is the id of a response or of a point (`ResponseText.id`, `PointText.id`);
    the two must not share ids.
    """

    response_id: str
    section_key: str
    accepted: bool


@dataclass
class SectionSuggestion:
    key: str
    confidence: float
    reason: str  # "staff", "reference", "quote", "heading" or "similarity"


@dataclass
class ResponseResult:
    id: str
    sections: list[SectionSuggestion] = field(default_factory=list)
    campaign: int | None = None
    campaign_kind: str = "unique"  # "unique", "form_letter" or "duplicate"
    theme: int | None = None
    unusual: bool = False
    off_topic: bool = False
    evidence_rich: bool = False
    language: str = ""


@dataclass
class PointResult:
    id: str
    sections: list[SectionSuggestion] = field(default_factory=list)


@dataclass
class Quote:
    response_id: str
    sentence: str


@dataclass
class ThemeResult:
    id: int
    words: list[str]
    response_ids: list[str]
    typical: list[Quote]


@dataclass
class Analysis:
    responses: list[ResponseResult]
    themes: list[ThemeResult]
    #: Extractive summaries: section key → sentences of the responses, each with its source.
    section_summaries: dict[str, list[Quote]]
    #: Suggested sections of each point, by the same measures as a response's.
    points: list[PointResult] = field(default_factory=list)


def analyse(
    *,
    sections: list[SectionText],
    responses: list[ResponseText],
    feedback: list[Feedback] = (),
    points: list[PointText] = (),
    progress=None,
) -> Analysis:
    """Suggest, for each response and each point, everything the first reading looks for."""
    progress = progress or (lambda share: None)
    results = {r.id: ResponseResult(id=r.id) for r in responses}
    texts = [f"{r.subject}\n{plain(r.text)}" for r in responses]
    point_texts = [plain(p.text) for p in points]
    if not responses:
        # Points without responses (input from events, review comments): sections only.
        return Analysis(
            responses=[],
            themes=[],
            section_summaries={},
            points=_point_suggestions(sections, points, point_texts, feedback),
        )

    languages = language_detection.detect_many(
        [r.language for r in responses], texts, progress=lambda s: progress(0.4 * s)
    )
    for r, lang in zip(responses, languages, strict=True):
        results[r.id].language = lang
    progress(0.4)

    vectorizer = TfidfVectorizer(
        tokenizer=_terms, lowercase=False, token_pattern=None, sublinear_tf=True, min_df=1
    )
    section_docs = _section_profiles(
        sections, [*responses, *points], [*texts, *point_texts], feedback
    )
    matrix = vectorizer.fit_transform(section_docs + texts)
    section_matrix, response_matrix = matrix[: len(sections)], matrix[len(sections) :]
    similarity = parts_fitted = None
    if sections:
        # Words and their stems, and parts of words: Danish writes "ungdomsklubberne" where
        # the draft says "klubber", which only the character n-grams see.
        parts_vectorizer = TfidfVectorizer(
            analyzer="char_wb", ngram_range=(4, 5), sublinear_tf=True, preprocessor=stemmed_text
        )
        parts = parts_vectorizer.fit_transform(section_docs + texts)
        similarity = (
            0.5 * (response_matrix @ section_matrix.T).toarray()
            + 0.5 * (parts[len(sections) :] @ parts[: len(sections)].T).toarray()
        )
        parts_fitted = (parts_vectorizer, parts[: len(sections)])
    progress(0.5)

    decided = _feedback_by_response(feedback)
    draft = _Draft.of(sections)
    for i, r in enumerate(responses):
        result = results[r.id]
        sims = similarity[i] if similarity is not None else np.zeros(0)
        result.evidence_rich = evidence_score(texts[i]) >= EVIDENCE_MIN_SCORE
        explicit = _explicit_sections(texts[i], draft)
        result.off_topic = _off_topic(texts[i], sims, explicit, result.language)
        if not result.off_topic:
            result.sections = _suggest_sections(sections, sims, explicit)
        _apply_feedback(result, decided.get(r.id, {}))
    point_results = _point_suggestions(
        sections, points, point_texts, feedback, fitted=(vectorizer, section_matrix, parts_fitted)
    )
    progress(0.6)

    _group_campaigns(responses, texts, response_matrix, results)
    progress(0.75)
    themes = _themes(responses, texts, response_matrix, vectorizer, results)
    progress(0.9)
    summaries = _section_summaries(sections, responses, texts, vectorizer, results)
    progress(1.0)
    return Analysis(
        responses=[results[r.id] for r in responses],
        themes=themes,
        section_summaries=summaries,
        points=point_results,
    )


# --- Terms ------------------------------------------------------------------------------------


def _terms(text: str) -> list[str]:
    """Stems and pairs of neighbouring stems: a pair tells 'bænk strand' from either word."""
    stems = content_stems(text)
    return stems + [f"{a} {b}" for a, b in zip(stems, stems[1:], strict=False)]


def _section_profiles(sections, responses, texts, feedback) -> list[str]:
    """Each section's text, its heading twice, and the responses and points staff placed in
    it."""
    text_of = {r.id: t for r, t in zip(responses, texts, strict=True)}
    learnt = defaultdict(list)
    for fb in feedback:
        if fb.accepted and fb.response_id in text_of:
            learnt[fb.section_key].append(text_of[fb.response_id])
    return [
        "\n".join([s.heading, s.heading, plain(s.text), *learnt.get(s.key, [])]) for s in sections
    ]


# --- Sections ---------------------------------------------------------------------------------

_REFERENCE = re.compile(
    r"(?:afsnit(?:tet|tene)?|§§?|paragraf(?:ferne|fen)?|punkt(?:et|erne)?|kapitel|kapitlet"
    r"|sections?|paragraphs?|bölüm|madde|rozdział|sekcj[ai]|qaybta|qodobka)"
    r"\s*(?:nr\.?\s*)?(\d{1,2}(?:\s*(?:,|og|and|-|–|til|ve|i|iyo)\s*\d{1,2})*)",
    re.IGNORECASE,
)
_QUOTE = re.compile(r"[\"“”„»«']([^\"“”„»«']{20,400})[\"“”„»«']")


@dataclass(frozen=True)
class _Draft:
    """The sections as the reference finder reads them, worked out once per run."""

    by_number: dict
    bodies: dict
    headings: list

    @classmethod
    def of(cls, sections: list[SectionText]) -> _Draft:
        return cls(
            by_number={s.number: s for s in sections},
            bodies={s.key: textmatch.normalise(plain(s.text)) for s in sections},
            headings=[(s.key, " ".join(words(s.heading))) for s in sections],
        )


def _explicit_sections(text: str, draft: _Draft) -> dict[str, tuple[float, str]]:
    """Sections the text names by number, quotes, or names by heading."""
    by_number = draft.by_number
    found: dict[str, tuple[float, str]] = {}
    for match in _REFERENCE.finditer(text):
        numbers = [int(n) for n in re.findall(r"\d+", match.group(1))]
        if len(numbers) == 2 and re.search(r"-|–|til", match.group(1)):
            numbers = list(range(numbers[0], numbers[1] + 1))[:10]
        for n in numbers:
            if n in by_number:
                found[by_number[n].key] = (0.95, "reference")
    for match in _QUOTE.finditer(text):
        quoted = textmatch.normalise(match.group(1))
        if len(quoted.split()) < 4:
            continue
        for key, body in draft.bodies.items():
            if quoted in body:
                found.setdefault(key, (0.95, "quote"))
    lowered = f" {' '.join(words(text))} "
    for key, heading in draft.headings:
        if len(heading) >= 8 and f" {heading} " in lowered:
            found.setdefault(key, (0.75, "heading"))
    return found


def _suggest_sections(sections, sims, explicit) -> list[SectionSuggestion]:
    chosen = [SectionSuggestion(key, conf, reason) for key, (conf, reason) in explicit.items()]
    if len(sims) == 0:
        return chosen
    best = float(sims.max())
    floor = SECTION_STRONG_SIMILARITY if explicit else SECTION_MIN_SIMILARITY
    ranked = sorted(range(len(sections)), key=lambda j: -sims[j])[:SECTION_MAX_SUGGESTIONS]
    for j in ranked:
        sim = float(sims[j])
        key = sections[j].key
        if key in explicit or sim < floor or sim < SECTION_RELATIVE * best:
            continue
        confidence = min(0.9, 0.35 + sim) * (sim / best)
        chosen.append(SectionSuggestion(key, round(confidence, 2), "similarity"))
    return sorted(chosen, key=lambda s: -s.confidence)


def _point_suggestions(sections, points, point_texts, feedback, fitted=None) -> list[PointResult]:
    """Each point's sections, measured in the space the responses and the section profiles
    made (`fitted`: the word vectorizer and section rows, then the same for parts of words),
    with staff's word on the point applied. A point is never off topic: staff kept it."""
    if not points:
        return []
    decided = _feedback_by_response(feedback)
    draft = _Draft.of(sections)
    similarity = None
    if sections:
        if fitted is None or fitted[2] is None:
            docs = _section_profiles(sections, points, point_texts, feedback)
            words_vectorizer = TfidfVectorizer(
                tokenizer=_terms, lowercase=False, token_pattern=None, sublinear_tf=True
            )
            parts_vectorizer = TfidfVectorizer(
                analyzer="char_wb", ngram_range=(4, 5), sublinear_tf=True, preprocessor=stemmed_text
            )
            fitted = (
                words_vectorizer,
                words_vectorizer.fit_transform(docs),
                (parts_vectorizer, parts_vectorizer.fit_transform(docs)),
            )
        words_vectorizer, section_rows, (parts_vectorizer, section_parts) = fitted
        similarity = (
            0.5 * (words_vectorizer.transform(point_texts) @ section_rows.T).toarray()
            + 0.5 * (parts_vectorizer.transform(point_texts) @ section_parts.T).toarray()
        )
    return [
        PointResult(
            id=p.id,
            sections=_decided_sections(
                _suggest_sections(
                    sections,
                    similarity[i] if similarity is not None else np.zeros(0),
                    _explicit_sections(point_texts[i], draft),
                ),
                decided.get(p.id, {}),
            ),
        )
        for i, p in enumerate(points)
    ]


def _feedback_by_response(feedback) -> dict[str, dict[str, bool]]:
    decided: dict[str, dict[str, bool]] = defaultdict(dict)
    for fb in feedback:
        decided[fb.response_id][fb.section_key] = fb.accepted
    return decided


def _apply_feedback(result: ResponseResult, decided: dict[str, bool]) -> None:
    """What staff decided stands: rejected sections go, chosen ones stay at full confidence."""
    if not decided:
        return
    result.sections = _decided_sections(result.sections, decided)
    if any(decided.values()):
        result.off_topic = False


def _decided_sections(
    suggestions: list[SectionSuggestion], decided: dict[str, bool]
) -> list[SectionSuggestion]:
    if not decided:
        return suggestions
    kept = [s for s in suggestions if decided.get(s.key) is not False]
    known = {s.key for s in kept}
    for key, accepted in decided.items():
        if accepted:
            if key in known:
                kept = [s for s in kept if s.key != key]
            kept.insert(0, SectionSuggestion(key, 1.0, "staff"))
    return kept


# --- Flags ------------------------------------------------------------------------------------

_NUMBER = re.compile(r"(?<![§\w])\d[\d.,]*\s*(?:%|procent|kr\.?|kroner|timer|år|m\b|meter|km)?")
_EXAMPLE = re.compile(
    r"\b(?:for eksempel|fx|f\.eks|eksempelvis|blandt andet|bl\.a|da vi|sidste år|i fjor"
    r"|i 20\d\d|vores erfaring|vi har oplevet|jeg har oplevet|konkret)\b",
    re.IGNORECASE,
)
_REASON = re.compile(
    r"\b(?:fordi|derfor|da det|idet|hvilket|så det|for at|eftersom|af den grund"
    r"|med det resultat)\b",
    re.IGNORECASE,
)
_PROPOSAL = re.compile(
    r"\b(?:foreslår|forslag(?:et)? er|anbefaler|vi opfordrer|man kunne|kunne man|bør|skal have"
    r"|ændres til|tilføje|tilføjes|formuleres)\b",
    re.IGNORECASE,
)
_SOURCE = re.compile(
    r"\b(?:undersøgelse|rapport|statistik|danmarks statistik|opgørelse|tal fra|ifølge)\b",
    re.IGNORECASE,
)
_SPAM = re.compile(
    r"https?://|www\.|\b(?:casino|bitcoin|krypto\w*|viagra|køb nu|klik her|gratis fragt"
    r"|tjen penge)\b",
    re.IGNORECASE,
)


def evidence_score(text: str) -> int:
    """Kinds of evidence in a text: figures, examples, reasons, a proposal, sources, length."""
    numbers = [m for m in _NUMBER.finditer(text) if m.group(0).strip()]
    return sum(
        [
            len(numbers) >= 1,
            len(numbers) >= 3,
            bool(_EXAMPLE.search(text)),
            bool(_REASON.search(text)),
            bool(_PROPOSAL.search(text)),
            bool(_SOURCE.search(text)),
            len(words(text)) >= 80,
        ]
    )


#: Words about the draft itself: a response that speaks of the policy is on topic.
_ABOUT_THE_DRAFT = re.compile(
    r"\b(?:politik\w*|udkast\w*|høring\w*|afsnit\w*|medborger\w*|policy|draft)\b", re.IGNORECASE
)


def _off_topic(text, sims, explicit, language) -> bool:
    if _SPAM.search(text):
        return True
    if explicit or len(sims) == 0 or _ABOUT_THE_DRAFT.search(text):
        return False
    if language and language != "da":
        # Similarity to a Danish text says nothing about another language.
        return False
    return float(sims.max()) < OFF_TOPIC_SIMILARITY


# --- Campaigns --------------------------------------------------------------------------------


class _Groups:
    def __init__(self, n: int):
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def _group_campaigns(responses, texts, response_matrix, results) -> None:
    """Exact copies, copies with small edits and reworded versions, grouped with a count."""
    n = len(responses)
    groups = _Groups(n)
    first_with_text: dict[str, int] = {}
    exact_copy = [False] * n
    for i, text in enumerate(texts):
        fp = textmatch.fingerprint(text)
        if fp in first_with_text:
            groups.union(first_with_text[fp], i)
            exact_copy[i] = True
        else:
            first_with_text[fp] = i
    originals = sorted(first_with_text.values())
    shingle_sets = {i: textmatch.shingles(texts[i]) for i in originals}
    matrix = normalize(response_matrix[originals])
    chunk = 1000
    for start in range(0, len(originals), chunk):
        block = (matrix[start : start + chunk] @ matrix.T).toarray()
        for a_local, row in enumerate(block):
            a = start + a_local
            for b in np.nonzero(row >= 0.3)[0]:
                if b <= a:
                    continue
                i, j = originals[a], originals[b]
                if row[b] >= CAMPAIGN_REWORDED_COSINE or (
                    textmatch.similarity(shingle_sets[i], shingle_sets[j])
                    >= CAMPAIGN_SHINGLE_SIMILARITY
                ):
                    groups.union(i, j)
    members = defaultdict(list)
    for i in range(n):
        members[groups.find(i)].append(i)
    campaign_ids = {}
    for root, indexes in members.items():
        if len(indexes) < 2:
            continue
        campaign_ids[root] = len(campaign_ids) + 1
        for i in indexes:
            result = results[responses[i].id]
            result.campaign = campaign_ids[root]
            result.campaign_kind = "duplicate" if exact_copy[i] else "form_letter"


# --- Themes -----------------------------------------------------------------------------------


def _themes(responses, texts, response_matrix, vectorizer, results) -> list[ThemeResult]:
    """Clusters of what is said, one voice per campaign; small clusters keep their place."""
    representatives, seen_campaigns = [], set()
    for i, r in enumerate(responses):
        result = results[r.id]
        if result.off_topic:
            continue
        if result.campaign is not None:
            if result.campaign in seen_campaigns:
                continue
            seen_campaigns.add(result.campaign)
        representatives.append(i)
    if len(representatives) < 3:
        return []
    x = normalize(response_matrix[representatives])
    keep = np.asarray(x.getnnz(axis=1) > 0)
    representatives = [i for i, k in zip(representatives, keep, strict=True) if k]
    x = x[keep]
    n = len(representatives)
    if n < 3:
        return []
    k = int(min(40, max(2, round((n / 2) ** 0.5))))
    components = min(100, n - 1, x.shape[1] - 1)
    reduced = (
        normalize(TruncatedSVD(n_components=components, random_state=0).fit_transform(x))
        if components >= 2
        else x.toarray()
    )
    kmeans = MiniBatchKMeans(n_clusters=k, random_state=0, n_init=3, batch_size=1024)
    labels = kmeans.fit_predict(reduced)
    centres = normalize(kmeans.cluster_centers_)
    cohesion = np.einsum("ij,ij->i", reduced, centres[labels])

    vocabulary = vectorizer.get_feature_names_out()
    surface = _surface_forms(texts, representatives)
    clusters = defaultdict(list)
    for pos, label in enumerate(labels):
        clusters[int(label)].append(pos)
    themes = []
    for positions in sorted(clusters.values(), key=len, reverse=True):
        core = [p for p in positions if cohesion[p] >= THEME_MIN_COHESION or len(positions) == 1]
        for p in positions:
            if p not in core:
                results[responses[representatives[p]].id].unusual = True
        if not core:
            continue
        theme_id = len(themes) + 1
        centroid = np.asarray(x[core].mean(axis=0)).ravel()
        top = [vocabulary[t] for t in centroid.argsort()[::-1] if " " not in vocabulary[t]][:5]
        member_ids = []
        for p in core:
            rep = responses[representatives[p]]
            member_ids.append(rep.id)
        themes.append(
            ThemeResult(
                id=theme_id,
                words=[surface.get(t, t) for t in top],
                response_ids=member_ids,
                typical=_typical_sentences(
                    [representatives[p] for p in core], responses, texts, vectorizer, centroid
                ),
            )
        )
        for rid in member_ids:
            results[rid].theme = theme_id
    # Copies take the theme of their campaign's voice.
    theme_of_campaign = {
        results[responses[i].id].campaign: results[responses[i].id].theme
        for i in representatives
        if results[responses[i].id].campaign is not None
    }
    for result in results.values():
        if result.campaign is not None and result.theme is None and not result.unusual:
            result.theme = theme_of_campaign.get(result.campaign)
    return themes


def _surface_forms(texts, indexes) -> dict[str, str]:
    """For each stem, the word people wrote most often."""
    from .text import STOP_WORDS, stem

    counts: dict[str, Counter] = defaultdict(Counter)
    for i in indexes:
        for w in words(texts[i]):
            if len(w) > 2 and w not in STOP_WORDS:
                counts[stem(w)][w] += 1
    return {s: c.most_common(1)[0][0] for s, c in counts.items()}


def _typical_sentences(indexes, responses, texts, vectorizer, centroid, limit=3) -> list[Quote]:
    candidates = []
    for i in indexes[:400]:
        for sentence in sentences(texts[i])[:8]:
            candidates.append((responses[i].id, sentence))
    return _closest(candidates, vectorizer, centroid, limit)


def _closest(candidates, vectorizer, centroid, limit) -> list[Quote]:
    """The candidate sentences closest to a centre, at most one per response, never repeated."""
    if not candidates:
        return []
    vectors = normalize(vectorizer.transform([s for _, s in candidates]))
    scores = vectors @ (centroid / (np.linalg.norm(centroid) or 1.0))
    quotes, used_responses, used_texts = [], set(), set()
    for idx in np.argsort(-scores):
        rid, sentence = candidates[idx]
        key = textmatch.normalise(sentence)
        if scores[idx] <= 0 or rid in used_responses or key in used_texts:
            continue
        quotes.append(Quote(rid, sentence))
        used_responses.add(rid)
        used_texts.add(key)
        if len(quotes) == limit:
            break
    return quotes


def _section_summaries(sections, responses, texts, vectorizer, results) -> dict[str, list[Quote]]:
    """Per section, the sentences of its responses that say most of what they say together."""
    by_section = defaultdict(list)
    for i, r in enumerate(responses):
        result = results[r.id]
        if result.campaign_kind == "duplicate":
            continue
        for s in result.sections:
            by_section[s.key].append(i)
    summaries = {}
    for section in sections:
        indexes = by_section.get(section.key, [])
        if not indexes:
            continue
        centroid = np.asarray(vectorizer.transform([texts[i] for i in indexes]).mean(axis=0))
        summaries[section.key] = _typical_sentences(
            indexes, responses, texts, vectorizer, centroid.ravel(), limit=5
        )
    return summaries
