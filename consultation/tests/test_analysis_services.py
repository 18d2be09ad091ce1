"""The offline analysis of a hearing: what it suggests, that it never overrides staff, that it
learns from them, and that it keeps up with new responses."""

import pytest
from django.core.management import call_command

from consultation.analysis import testdata
from consultation.models import HearingAnalysis, HearingResponse, ResponseAnalysis, SectionFeedback
from consultation.services.analysis import (
    hearing_analysis_request,
    hearing_analysis_run,
    hearing_analysis_scan,
    section_suggestion_decide,
    suggested_theme_adopt,
)

from .analysis_helpers import add_responses, labelled_hearing, section

pytestmark = pytest.mark.django_db


def run(hearing) -> HearingAnalysis:
    analysis = hearing_analysis_request(hearing=hearing)
    assert hearing_analysis_run(analysis_id=analysis.pk) is True
    analysis.refresh_from_db()
    return analysis


def suggestion_keys(response) -> list[str]:
    return [s["key"] for s in ResponseAnalysis.objects.get(response=response).sections]


def by_text(hearing, start: str) -> HearingResponse:
    return HearingResponse.objects.filter(hearing=hearing, text__startswith=start).first()


def test_a_run_suggests_sections_campaigns_flags_and_language():
    hearing = labelled_hearing()
    analysis = run(hearing)

    assert analysis.status == HearingAnalysis.Status.DONE and analysis.progress == 100
    assert analysis.responses_analysed == len(testdata.responses())
    # "Afsnit 9 bør indeholde en plan": the section named by its number, with that reason.
    wheelchair = by_text(hearing, "Jeg sidder i kørestol")
    first = ResponseAnalysis.objects.get(response=wheelchair).sections[0]
    assert first == {"key": str(section(hearing, 9).key), "confidence": 0.95, "reason": "reference"}
    # The 50 identical copies form one campaign, marked as duplicates after the first.
    copies = ResponseAnalysis.objects.filter(response__text__startswith="Red strandparken!")
    assert copies.count() == 50
    assert len({c.campaign for c in copies}) == 1 and copies[0].campaign is not None
    assert copies.filter(campaign_kind="duplicate").count() == 49
    assert copies.filter(campaign_kind="form_letter").count() == 1
    # Spam is off topic; a figure-rich, reasoned proposal is marked to be read first.
    assert ResponseAnalysis.objects.get(response=by_text(hearing, "Køb billige")).off_topic
    assert ResponseAnalysis.objects.get(
        response=by_text(hearing, "Puljen på 500.000")
    ).evidence_rich
    assert not ResponseAnalysis.objects.get(
        response=by_text(hearing, "Jeg støtter politikken")
    ).evidence_rich
    # Languages, detected offline.
    assert ResponseAnalysis.objects.get(response=by_text(hearing, "Belediyenin")).language == "tr"
    assert ResponseAnalysis.objects.get(response=by_text(hearing, "Proszę")).language == "pl"
    assert (
        ResponseAnalysis.objects.get(response=by_text(hearing, "Jeg ønsker en hunde")).language
        == "da"
    )
    # Themes and summaries quote the responses themselves.
    assert analysis.themes and all(t["words"] and t["references"] for t in analysis.themes)
    texts = dict(HearingResponse.objects.filter(hearing=hearing).values_list("reference", "text"))
    for quotes in analysis.section_summaries.values():
        for quote in quotes:
            assert " ".join(quote["sentence"].split())[:30] in " ".join(
                texts[quote["reference"]].split()
            )


def test_suggestions_never_overwrite_what_staff_decided(coordinator):
    hearing = labelled_hearing(limit=60, user=coordinator)
    benches = by_text(hearing, "Der mangler bænke ved stranden")
    belonging = section(hearing, 2)
    benches.sections.set([belonging])  # staff's own decision, however odd

    run(hearing)

    assert list(benches.sections.all()) == [belonging]
    assert suggestion_keys(benches)[0] == str(belonging.key)
    assert ResponseAnalysis.objects.get(response=benches).sections[0]["reason"] == "staff"


def test_a_rejected_suggestion_is_not_suggested_again(coordinator):
    hearing = labelled_hearing(limit=60, user=coordinator)
    benches = by_text(hearing, "Der mangler bænke ved stranden")
    run(hearing)
    town_spaces = section(hearing, 6)
    assert str(town_spaces.key) in suggestion_keys(benches)

    section_suggestion_decide(
        response=benches, section=town_spaces, accepted=False, user=coordinator
    )
    run(hearing)

    assert str(town_spaces.key) not in suggestion_keys(benches)
    assert list(benches.sections.all()) == []
    assert SectionFeedback.objects.get(response=benches).accepted is False


def test_accepting_a_suggestion_makes_it_the_responses_section_with_history(coordinator):
    hearing = labelled_hearing(limit=20, user=coordinator)
    benches = by_text(hearing, "Der mangler bænke ved stranden")
    before = benches.history.count()

    section_suggestion_decide(
        response=benches, section=section(hearing, 6), accepted=True, user=coordinator
    )

    assert list(benches.sections.all()) == [section(hearing, 6)]
    assert benches.history.count() == before + 1
    assert benches.history.first().history_user == coordinator
    feedback = SectionFeedback.objects.get(response=benches)
    assert feedback.accepted and feedback.decided_by == coordinator


def test_staffs_corrections_make_later_suggestions_better(coordinator):
    hearing = labelled_hearing(limit=30, user=coordinator)
    dogs = "Vi ønsker en indhegnet hundeskov, hvor hunde kan løbe frit uden snor."
    add_responses(
        hearing,
        [
            testdata.Labelled("D1", dogs, (6,), None, False, False, "da"),
            testdata.Labelled(
                "D2",
                "En hundeskov med hegn, så hundene kan løbe frit.",
                (6,),
                None,
                False,
                False,
                "da",
            ),
        ],
        start=1000,
    )
    first, second = (by_text(hearing, dogs), by_text(hearing, "En hundeskov"))
    run(hearing)
    town_spaces = str(section(hearing, 6).key)
    assert town_spaces not in suggestion_keys(second)  # nothing in the draft speaks of dogs

    section_suggestion_decide(
        response=first, section=section(hearing, 6), accepted=True, user=coordinator
    )
    run(hearing)

    assert town_spaces in suggestion_keys(second)


def test_the_scan_analyses_a_hearing_anew_when_responses_arrive_or_change(coordinator):
    hearing = labelled_hearing(limit=20, user=coordinator)
    assert hearing_analysis_scan() == 0  # never analysed: staff start the first run
    run(hearing)
    assert hearing_analysis_scan() == 0  # nothing new

    add_responses(hearing, testdata.responses()[100:101], start=500)
    assert hearing_analysis_scan() == 1
    analysis = HearingAnalysis.objects.get(hearing=hearing)
    assert analysis.status == HearingAnalysis.Status.QUEUED
    assert hearing_analysis_scan() == 0  # already waiting

    hearing_analysis_run(analysis_id=analysis.pk)
    assert ResponseAnalysis.objects.filter(response__hearing=hearing).count() == 21


def test_a_claimed_run_is_not_run_twice(coordinator):
    hearing = labelled_hearing(limit=10, user=coordinator)
    analysis = hearing_analysis_request(hearing=hearing)
    assert hearing_analysis_run(analysis_id=analysis.pk) is True
    assert hearing_analysis_run(analysis_id=analysis.pk) is False
    assert hearing_analysis_run(analysis_id=analysis.pk + 1000) is False


def test_adopting_a_suggested_theme_tags_its_responses_and_their_campaign(coordinator):
    hearing = labelled_hearing(user=coordinator)
    run(hearing)
    campaign = ResponseAnalysis.objects.filter(
        response__text__startswith="Red strandparken!"
    ).first()
    one = campaign.response.reference

    theme = suggested_theme_adopt(
        hearing=hearing, references=[one], name="Strandparken", user=coordinator
    )

    tagged = HearingResponse.objects.filter(themes=theme)
    assert tagged.count() == 50  # the one chosen, and every copy in its campaign
    again = suggested_theme_adopt(hearing=hearing, references=[one], theme=theme, user=coordinator)
    assert again == theme and HearingResponse.objects.filter(themes=theme).count() == 50


def test_the_command_prints_one_json_object_per_response(coordinator, capsys):
    import json

    hearing = labelled_hearing(limit=40, user=coordinator)
    call_command("hearing_analysis", hearing.slug, "--format", "jsonl", "--run")

    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(lines) == 40
    assert set(lines[0]) >= {
        "id",
        "sections",
        "campaign",
        "off_topic",
        "evidence_rich",
        "language",
        "themes",
    }
    keys = {str(k) for k in hearing.version.sections.values_list("key", flat=True)}
    assert all(set(line["sections"]) <= keys for line in lines)
    assert any(line["sections"] for line in lines)


def test_nothing_leaves_the_server(coordinator, monkeypatch):
    """No network call anywhere in the analysis path: every socket connection fails."""
    import socket

    hearing = labelled_hearing(limit=80, user=coordinator)

    def refuse(*args, **kwargs):
        raise AssertionError("the analysis tried to reach the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    analysis = run(hearing)
    assert analysis.status == HearingAnalysis.Status.DONE


def test_the_labelled_set_has_every_kind_of_response():
    responses = testdata.responses()
    assert len(responses) >= 300 and len(testdata.draft()["sections"]) == 10
    assert {r.language for r in responses} >= {"da", "en", "ar", "tr", "ur", "pl", "so"}
    assert (
        sum(r.off_topic for r in responses) >= 10 and sum(r.evidence_rich for r in responses) >= 20
    )
    assert len({r.campaign for r in responses if r.campaign}) >= 5
