"""The engine's section suggestions for points: the same measures as for responses, staff's
word applied, and learnt from within the hearing. Plain data, no database."""

from consultation.analysis import engine, testdata
from consultation.analysis.evaluate import _draft_sections

DOGS = "Vi ønsker en indhegnet hundeskov, hvor hunde kan løbe frit uden snor."
DOGS_AGAIN = "En hundeskov med hegn, så hundene kan løbe frit."


def analyse(points, feedback=(), responses=40):
    labelled = testdata.responses()[:responses]
    return {
        p.id: p.sections
        for p in engine.analyse(
            sections=_draft_sections(),
            responses=[engine.ResponseText(id=r.id, text=r.text) for r in labelled],
            points=points,
            feedback=list(feedback),
        ).points
    }


def keys(suggestions) -> list[str]:
    return [s.key for s in suggestions]


def test_a_point_naming_a_section_gets_it_with_the_reason():
    result = analyse([engine.PointText("point-1", "Afsnit 9 bør nævne tilgængelighed.")])
    assert [(s.key, s.confidence, s.reason) for s in result["point-1"]] == [
        ("s9", 0.95, "reference")
    ]


def test_a_passage_is_measured_by_its_own_words():
    result = analyse(
        [
            engine.PointText("point-1", "Der mangler bænke ved stranden, så ældre kan hvile sig."),
            engine.PointText("point-2", "Tolkning og materialer på flere sprog til nye borgere."),
        ]
    )
    assert "s6" in keys(result["point-1"]) or "s5" in keys(result["point-1"])
    assert keys(result["point-2"])[0] == "s7"
    assert all(0 < s.confidence < 1 for s in result["point-1"] + result["point-2"])


def test_a_correction_on_one_point_teaches_the_suggestion_for_a_similar_point():
    points = [engine.PointText("point-1", DOGS), engine.PointText("point-2", DOGS_AGAIN)]
    before = analyse(points)
    assert "s6" not in keys(before["point-2"])  # nothing in the draft speaks of dogs

    after = analyse(points, feedback=[engine.Feedback("point-1", "s6", True)])

    assert keys(after["point-1"]) == ["s6"] and after["point-1"][0].reason == "staff"
    assert keys(after["point-2"])[0] == "s6"


def test_a_rejected_section_is_not_suggested_again_for_that_point_only():
    text = "Der mangler bænke ved stranden, så ældre kan hvile sig."
    points = [engine.PointText("point-1", text), engine.PointText("point-2", text)]
    first = keys(analyse(points)["point-1"])[0]

    after = analyse(points, feedback=[engine.Feedback("point-1", first, False)])

    assert first not in keys(after["point-1"])
    assert keys(after["point-2"])[0] == first


def test_points_without_responses_get_suggestions():
    result = analyse([engine.PointText("point-1", "Afsnit 3 om frivillige.")], responses=0)
    assert keys(result["point-1"]) == ["s3"]
