"""Quality of the analysis on the labelled test set: the figures `make bench` reports."""

from __future__ import annotations

import itertools
import time
from collections import defaultdict

from . import engine, testdata


def _draft_sections() -> list[engine.SectionText]:
    return [
        engine.SectionText(
            key=f"s{s['number']}", number=s["number"], heading=s["heading"], text=s["text"]
        )
        for s in testdata.draft()["sections"]
    ]


def _precision_recall(predicted: set, actual: set) -> tuple[float, float, float]:
    tp = len(predicted & actual)
    precision = tp / len(predicted) if predicted else 1.0
    recall = tp / len(actual) if actual else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def evaluate() -> dict:
    labelled = testdata.responses()
    sections = _draft_sections()
    started = time.perf_counter()
    analysis = engine.analyse(
        sections=sections,
        responses=[engine.ResponseText(id=r.id, text=r.text) for r in labelled],
    )
    seconds = time.perf_counter() - started
    by_id = {r.id: r for r in analysis.responses}

    predicted_pairs = {(r.id, s.key) for r in analysis.responses for s in r.sections}
    actual_pairs = {(r.id, f"s{n}") for r in labelled for n in r.sections}
    section_p, section_r, section_f1 = _precision_recall(predicted_pairs, actual_pairs)

    def same_group_pairs(groups: dict) -> set:
        members = defaultdict(list)
        for rid, group in groups.items():
            if group is not None:
                members[group].append(rid)
        return {
            tuple(sorted(p)) for ids in members.values() for p in itertools.combinations(ids, 2)
        }

    campaign_p, campaign_r, _ = _precision_recall(
        same_group_pairs({r.id: by_id[r.id].campaign for r in labelled}),
        same_group_pairs({r.id: r.campaign for r in labelled}),
    )
    off_p, off_r, _ = _precision_recall(
        {r.id for r in labelled if by_id[r.id].off_topic}, {r.id for r in labelled if r.off_topic}
    )
    ev_p, ev_r, _ = _precision_recall(
        {r.id for r in labelled if by_id[r.id].evidence_rich},
        {r.id for r in labelled if r.evidence_rich},
    )
    language_accuracy = sum(by_id[r.id].language == r.language for r in labelled) / len(labelled)
    return {
        "responses": len(labelled),
        "sections": len(sections),
        "section_precision": section_p,
        "section_recall": section_r,
        "section_f1": section_f1,
        "campaign_precision": campaign_p,
        "campaign_recall": campaign_r,
        "off_topic_precision": off_p,
        "off_topic_recall": off_r,
        "evidence_precision": ev_p,
        "evidence_recall": ev_r,
        "language_accuracy": language_accuracy,
        "themes": len(analysis.themes),
        "seconds": seconds,
    }


def time_at_scale(count: int) -> dict:
    """Seconds and peak memory of the whole analysis of `count` synthetic responses, with a
    point for every fifth of them (its first sentences: a passage staff cut out)."""
    import resource

    texts = testdata.synthetic(count)
    points = [
        engine.PointText(id=f"point-{i}", text=t[: max(40, len(t) // 2)])
        for i, t in enumerate(texts[::5])
    ]
    started = time.perf_counter()
    analysis = engine.analyse(
        sections=_draft_sections(),
        responses=[engine.ResponseText(id=str(i), text=t) for i, t in enumerate(texts)],
        points=points,
    )
    return {
        "responses": count,
        "points": len(analysis.points),
        "seconds": time.perf_counter() - started,
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "campaigns": len({r.campaign for r in analysis.responses if r.campaign}),
        "themes": len(analysis.themes),
    }


if __name__ == "__main__":
    import argparse
    import json
    import sys

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", type=int, help="time the analysis of this many responses")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    figures = time_at_scale(args.size) if args.size else evaluate()
    if args.json:
        sys.stdout.write(json.dumps(figures) + "\n")
    else:
        for name, value in figures.items():
            shown = f"{value:.3f}" if isinstance(value, float) else value
            sys.stdout.write(f"{name:22} {shown}\n")
