"""The journey of issue 19, with axe-core on every page: a citizen and an association respond,
staff split the association's response into points and decide every point, the coordinator
answers two of them in the next version and accepts one proposed wording, the report is
generated (opened with python-docx) and published, the e-mails appear once each, and the
citizen's page shows their point, its disposition and the diff."""

import io
import re

import docx
import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from consultation.models import HearingResponse, Point, PointChange
from consultation.tasks import send_hearing_feedback
from medborger.models import OutboundEmail
from medborger.roles import Role
from policy.models import PolicyRevision, Stakeholder

from .hearing_helpers import make_hearing
from .point_helpers import close

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ASSOCIATION = [
    ("Indledningen bør nævne de unge.", "Indledning"),
    ("Fællesskaber skal have flere mødesteder.", "Fællesskaber"),
    ("Frivillige skal have et frivillighedscenter.", "Frivillighed"),
]


def respond(page, hearing, *, name, email, subject, text, sections, organisation=""):
    page.goto(reverse("consultation:hearing_detail", args=[hearing.slug]))
    page.fill("#id_name", name)
    page.fill("#id_email", email)
    page.fill("#id_email_repeat", email)
    if organisation:
        page.check("#id_represents_2")
        page.fill("#id_organisation_name", organisation)
    page.fill("#id_subject", subject)
    page.fill("#id_text", text)
    for index in sections:
        page.check(f"#id_sections_{index}")
    page.check("#id_consent")
    page.submit(page.get_by_role("button", name="Send svar"))
    return HearingResponse.objects.get(email=email)


def decide(page, hearing, point, *, summary, disposition="", reason="", wording=""):
    page.goto(reverse("consultation:hearing_point", args=[hearing.slug, point.pk]))
    page.fill("#id_summary", summary)
    page.select_option("#id_disposition", disposition)
    page.fill("#id_reason", reason)
    if wording:
        page.fill("#id_proposed_wording", wording)
    page.submit(page.get_by_role("button", name="Gem punktet"))
    assert page.get_by_text("Punktet er gemt.").is_visible()


def test_the_hearing_loop(page, browser_login, coordinator, tmp_path):
    coordinator.groups.add(Group.objects.get_or_create(name=Role.COORDINATOR)[0])
    hearing = make_hearing(user=coordinator, title="Høring om medborgerpolitikken")
    revision = PolicyRevision.objects.create(
        title="Medborgerpolitik", policy_document=hearing.version.document
    )
    Stakeholder.objects.create(revision=revision, name="Ishøj Idrætsforening")
    Stakeholder.objects.create(revision=revision, name="Ældrerådet")

    citizen = respond(
        page, hearing, name="Karin Holm", email="karin@example.org", subject="Bænke",
        text="Vi ønsker flere bænke ved mødestederne.", sections=[1],
    )  # fmt: skip
    association = respond(
        page, hearing, name="Jens Berg", email="jens@forening.dk", subject="Tre ting",
        text=" ".join(text for text, _heading in ASSOCIATION), sections=[0, 1, 2],
        organisation="Ishøj Idrætsforening",
    )  # fmt: skip

    # Staff collect the points and split the association's response into three.
    browser_login(coordinator)
    page.goto(reverse("consultation:hearing_points", args=[hearing.slug]))
    page.submit(page.get_by_role("button", name=re.compile("Saml punkter")))
    assert Point.objects.filter(hearing=hearing).count() == 4
    page.goto(reverse("consultation:hearing_response", args=[hearing.slug, association.pk]))
    page.follow(page.get_by_role("link", name="Del høringssvaret i punkter"))
    for index, (text, heading) in enumerate(ASSOCIATION, start=1):
        page.fill(f"#id_passage_{index}", text)
        page.select_option(f"#id_section_{index}", label=heading)
    page.fill("#id_passage_3", "")  # leaves the third sentence in no point
    page.submit(page.get_by_role("button", name="Del", exact=True))
    assert page.get_by_text("frivillighedscenter", exact=False).first.is_visible()
    assert association.points.count() == 3  # refused: nothing changed
    page.fill("#id_passage_3", ASSOCIATION[2][0])
    page.submit(page.get_by_role("button", name="Del", exact=True))
    assert page.get_by_text("Høringssvaret er delt i punkter.").is_visible()
    by_heading = {p.section_heading: p for p in association.points.all()}
    young, places, centre = (by_heading[h] for _t, h in ASSOCIATION)
    benches = citizen.points.get()

    # One point carries a proposed wording, which the coordinator accepts into the draft.
    decide(page, hearing, centre, summary="Et frivillighedscenter",
           wording="<p>Kommunen åbner et frivillighedscenter.</p>")  # fmt: skip
    page.goto(reverse("consultation:hearing_point", args=[hearing.slug, centre.pk]))
    page.submit(page.get_by_role("button", name="Tag formuleringen ind i udkastet"))
    assert PointChange.objects.get(point=centre).accepted_wording

    # The coordinator edits the next version, answering two points beside their sections.
    document = hearing.version.document
    page.goto(reverse("policy:document_editor", kwargs={"slug": document.slug}))
    editors = page.get_by_role("textbox", name="Tekst")
    for index, words in ((0, " Også for unge."), (1, " Med flere bænke.")):
        editors.nth(index).click()
        page.keyboard.press("Control+End")
        page.keyboard.type(words)
    page.check(f"#answers-{benches.pk}")
    page.check(f"#answers-{young.pk}")
    page.submit(page.get_by_role("button", name="Gem som ny version"))
    document.refresh_from_db()
    answering = document.current_version
    assert set(PointChange.objects.filter(version=answering).values_list("point", flat=True)) == {
        benches.pk,
        young.pk,
    }

    # Every point is decided.
    decide(page, hearing, benches, summary="Flere bænke", disposition="met", reason="Godt forslag.")
    decide(page, hearing, young, summary="Nævn de unge", disposition="partly_met",
           reason="Unge nævnes i indledningen.")  # fmt: skip
    decide(page, hearing, centre, summary="Et frivillighedscenter", disposition="met",
           reason="Centret åbner i 2027.")  # fmt: skip
    decide(page, hearing, places, summary="Flere mødesteder", disposition="noted",
           reason="Indgår i lokaleplanen.")  # fmt: skip

    # The compare page shows which points each change answers.
    page.goto(
        reverse(
            "policy:version_compare",
            kwargs={"slug": document.slug, "old": hearing.version.number,
                    "new": answering.number},
        )
    )  # fmt: skip
    assert page.get_by_text(re.compile(f"{citizen.reference}: Flere bænke")).is_visible()

    # Consulted parties, then the report opened with python-docx.
    page.goto(reverse("consultation:hearing_parties", args=[hearing.slug]))
    page.submit(page.get_by_role("button", name="Bekræft : Ishøj Idrætsforening"))
    assert page.get_by_text("Den hørte part er bekræftet.").is_visible()
    page.goto(reverse("consultation:hearing_points", args=[hearing.slug]))
    with page.expect_download() as download:
        page.get_by_role("link", name="Høringsnotat (DOCX)").click()
    target = tmp_path / "notat.docx"
    download.value.save_as(target)
    report = docx.Document(str(target))
    headings = [p.text for p in report.paragraphs if p.style.name.startswith("Heading")]
    assert headings[:3] == ["Indledning", "Hørte parter", "Punkterne og hvordan de er imødekommet"]
    rows = [[cell.text for cell in row.cells] for row in report.tables[0].rows]
    assert ["Ishøj Idrætsforening", "Andet", association.reference] in rows
    assert rows[-1][0] == "Ældrerådet" and rows[-1][2] == "Har ikke svaret"
    body = [p.text for p in report.paragraphs]
    assert "Flere bænke" in body
    assert body[body.index("Flere bænke") + 1] == f"Høringssvar: {citizen.reference}"

    # The deadline has passed; published: the e-mails appear once each.
    close(hearing)
    page.submit(page.get_by_role("button", name=re.compile("Offentliggør høringsnotatet")))
    assert page.get_by_role("heading", name="Det hørte vi, det gjorde vi").is_visible()
    send_hearing_feedback(hearing.pk)  # what the worker runs after the commit
    send_hearing_feedback(hearing.pk)
    mails = OutboundEmail.objects.filter(notification="hearing_feedback")
    assert sorted(mails.values_list("to_address", flat=True)) == [
        "jens@forening.dk",
        "karin@example.org",
    ]

    # The citizen follows the link in their e-mail.
    body = mails.get(to_address="karin@example.org").body_text
    link = re.search(r"https?://\S+/dit-svar/\S+/", body).group(0)
    page.goto(link[link.index("/inddragelse/") :])
    assert page.get_by_text("Flere bænke", exact=True).is_visible()
    assert page.get_by_text("Imødekommet", exact=True).is_visible()
    assert page.locator("ins").filter(has_text="Med flere bænke").first.is_visible()
    assert not page.get_by_text("Ishøj Idrætsforening").count()
    assert io  # python-docx opened the report above
