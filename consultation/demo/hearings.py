"""Demo hearings: a closed one with a few dozen responses and an open one (all invented)."""

import datetime
import io

import docx
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image, ImageDraw

from policy.models import Document
from policy.services import SectionInput, document_transition, version_save

from ..forms.hearings import default_privacy_notice
from ..models import Hearing, HearingResponse, Theme
from ..services.hearings import (
    hearing_create,
    new_form_nonce,
    response_process,
    response_review,
    response_submit,
)

# --- Hearings -------------------------------------------------------------------------------

CLOSED_DOCUMENT = (
    "strategi-for-foreningsliv",
    "Strategi for foreningsliv og frivillighed",
    [
        (
            "Indledning",
            "<p>Foreningerne er rygraden i byens fællesskaber. Strategien beskriver, hvordan "
            "kommunen vil gøre det lettere at starte og drive en forening.</p>",
        ),
        (
            "Lokaler og faciliteter",
            "<p>Foreninger skal kunne booke kommunens lokaler digitalt, også om aftenen og i "
            "weekenden.</p>",
        ),
        (
            "Nye frivillige",
            "<p>Kommunen vil hjælpe foreninger med at finde nye frivillige, blandt andet "
            "gennem en fælles frivilligdag hvert år.</p>",
        ),
        (
            "Økonomi",
            "<p>Tilskudsreglerne forenkles, så små foreninger kan søge uden store ansøgninger.</p>",
        ),
    ],
)

OPEN_DOCUMENT = (
    "plan-for-tryghed-i-boligomraaderne",
    "Plan for tryghed i boligområderne",
    [
        (
            "Formål",
            "<p>Planen skal gøre det trygt at færdes i boligområderne døgnet rundt.</p>",
        ),
        (
            "Lys og stier",
            "<p>Stier og passager får bedre belysning, og buske ved stierne beskæres.</p>",
        ),
        (
            "Naboskab",
            "<p>Beboere inviteres til at mødes, fx ved fælles spisning og gårdfester.</p>",
        ),
    ],
)

#: (name, represents, organisation, subject, text, section index or None, publication)
CLOSED_RESPONSES = [
    (
        "Hanne Vester",
        "private",
        "",
        "Lokaler om aftenen",
        "Vores strikkeklub mødes om aftenen, og det er svært at få en nøgle. Det vil hjælpe "
        "meget, hvis lokalerne kan åbnes med en kode.",
        1,
        "with_name",
    ),
    (
        "Jonas Birk",
        "organisation",
        "Ishøj Skakklub",
        "Faste tider",
        "Vi ønsker faste ugentlige tider i samme lokale, så vores udstyr kan blive stående.",
        1,
        "with_name",
    ),
    (
        "Leila Aziz",
        "private",
        "",
        "Frivilligdag",
        "En frivilligdag er en god idé. Hold den gerne en lørdag, så flere kan komme.",
        2,
        "anonymous",
    ),
    (
        "Per Thorsen",
        "organisation",
        "Strandparkens Grundejerforening",
        "Tilskud",
        "Ansøgningsskemaet til tilskud er for langt. Et kort skema til beløb under 5.000 kr. "
        "vil gøre en stor forskel for os.",
        3,
        "with_name",
    ),
    (
        "Marie Kold",
        "private",
        "",
        "Unge frivillige",
        "Strategien nævner ikke de unge. Mange unge vil gerne hjælpe, men ved ikke hvordan.",
        2,
        "with_name",
    ),
    (
        "Søren Holt",
        "business",
        "Holt Cykler ApS",
        "Samarbejde med erhvervslivet",
        "Vi vil gerne sponsorere cykler til en forening, men ved ikke, hvem vi skal kontakte.",
        None,
        "with_name",
    ),
    (
        "Amina Yusuf",
        "private",
        "",
        "Tilgængelighed",
        "Flere af lokalerne har trapper og ingen elevator. Det udelukker kørestolsbrugere.",
        1,
        "with_name",
    ),
    (
        "Kim Lassen",
        "authority",
        "Ishøj Ungdomsråd",
        "Ungdomsrådets svar",
        "Ungdomsrådet bakker op om strategien og foreslår en pulje til foreninger, der "
        "starter aktiviteter for unge.",
        2,
        "with_name",
    ),
    (
        "Bodil Juhl",
        "private",
        "",
        "Generelt",
        "Et godt udkast. Skriv gerne mere om, hvordan ældre kan bruges som frivillige.",
        None,
        "not_published",
    ),
    (
        "Tobias Riis",
        "private",
        "",
        "Digital booking",
        "Digital booking er fint, men husk dem, der ikke er på nettet. Man skal også kunne "
        "ringe. Min mobil er 20 30 40 50, hvis I vil høre mere.",
        1,
        "with_name",
    ),
    (
        "Ella Hviid",
        "organisation",
        "Ishøj Rollespil",
        "Opbevaring",
        "Vi mangler et sted at opbevare kostumer og rekvisitter mellem arrangementerne.",
        1,
        "anonymous",
    ),
    (
        "Rasmus Mørk",
        "private",
        "",
        "Økonomi",
        "Hvordan sikrer I, at de store foreninger ikke får hele puljen?",
        3,
        "with_name",
    ),
]

CAMPAIGN_TEXT = (
    "Vi opfordrer kommunen til at bevare Idrætshuset i Vejleåparken som mødested for "
    "foreningerne. Huset bruges hver dag af børn, unge og ældre, og der findes ikke et andet "
    "sted i bydelen med plads til så mange aktiviteter."
)
CAMPAIGN_SENDERS = [
    "Ole Bak", "Nadia Sørensen", "Frank Lind", "Gitte Krog", "Hassan Ali", "Irene Dam",
    "Jesper Vad", "Karen Moos", "Lars Eg", "Mona Friis", "Nikolaj Bjerre", "Pia Stær",
    "Ronja Kjeldsen", "Svend Ravn", "Tina Buus", "Ulla Vinter", "Viktor Hald", "Yvonne Borg",
    "Zaid Omar", "Anne Krat",
]  # fmt: skip

OPEN_RESPONSES = [
    (
        "Mads Lunde",
        "private",
        "",
        "Lys ved tunnellen",
        "Tunnellen under Ishøj Boulevard er meget mørk om vinteren. Den bør have bedre lys.",
        1,
        "with_name",
    ),
    (
        "Sofie Dahl",
        "organisation",
        "Gårdlauget i Blok 7",
        "Gårdfester",
        "Vi holder gerne gårdfest, hvis kommunen kan låne os borde og bænke.",
        2,
        "with_name",
    ),
]


def _demo_document(slug: str, title: str, sections, user, approver) -> Document:
    document, _created = Document.objects.get_or_create(
        slug=slug,
        defaults={
            "title": title,
            "kind": Document.Kind.OTHER,
            "case_officer_name": user.get_full_name(),
            "case_officer_email": "medborger@ishoj.example",
        },
    )
    if document.current_version_id is None:
        version_save(
            document=document,
            sections=[SectionInput(heading=h, body=b) for h, b in sections],
            user=user,
            base_number=None,
            label="Høringsudkast",
        )
        # The steering group approves the draft; creating the hearing sends it to hearing.
        document_transition(
            document=document,
            to_status=Document.Status.STEERING_REVIEW,
            user=user,
            note="Til styregruppens møde.",
        )
        document_transition(
            document=document,
            to_status=Document.Status.APPROVED_FOR_HEARING,
            user=approver,
            note="Godkendt til høring.",
        )
    return document


def _png(title: str) -> SimpleUploadedFile:
    image = Image.new("RGB", (480, 240), "white")
    ImageDraw.Draw(image).text((20, 110), title, fill="black")
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return SimpleUploadedFile(f"{title}.png", buffer.getvalue())


def _docx(title: str, text: str) -> SimpleUploadedFile:
    document = docx.Document()
    document.add_heading(title, level=1)
    document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return SimpleUploadedFile(f"{title}.docx", buffer.getvalue())


def _demo_address(name: str) -> str:
    local = name.lower().translate(str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", " ": "."}))
    return f"{local}@borger.example"


def _submit(hearing, at, row, files=()):
    name, represents, organisation, subject, text, section_index, publication = row
    sections = list(hearing.version.sections.order_by("position"))
    return response_submit(
        hearing=hearing,
        data={
            "name": name,
            "email": _demo_address(name),
            "represents": represents,
            "organisation_name": organisation,
            "subject": subject,
            "text": text,
            "sections": [sections[section_index]] if section_index is not None else [],
            "consent": True,
            "publication": publication,
            "publication_reason": "Svaret handler om min families forhold."
            if publication == "not_published"
            else "",
        },
        files=files,
        form_token=new_form_nonce(),
        form_issued_at=at.timestamp() - 400,
        now=at,
        receipt=False,
    )


def _hearing(*, slug, title, document, opens_at, closes_at, user, introduction) -> Hearing:
    hearing = Hearing.objects.filter(slug=slug).first()
    if hearing is None:
        hearing = hearing_create(
            document=document,
            user=user,
            title=title,
            slug=slug,
            opens_at=opens_at,
            closes_at=closes_at,
            introduction=introduction,
            contact=f"{user.get_full_name()}, Stabsenheden Plan\nTelefon 43 57 75 75",
            privacy_notice=default_privacy_notice(),
        )
    return hearing


def seed_hearings(*, today, users) -> list[Hearing]:
    """A closed hearing with a few dozen responses and a report's worth of work, and an open one."""
    coordinator = users["koordinator"]
    tz = timezone.get_current_timezone()
    noon = datetime.datetime.combine(today, datetime.time(12), tzinfo=tz)

    closed = _hearing(
        slug="strategi-for-foreningsliv",
        title="Høring: Strategi for foreningsliv og frivillighed",
        document=_demo_document(*CLOSED_DOCUMENT, coordinator, users["styregruppe"]),
        opens_at=noon - datetime.timedelta(days=60),
        closes_at=noon - datetime.timedelta(days=18),
        user=coordinator,
        introduction="<p>Kommunen har skrevet et udkast til en strategi for foreningslivet. "
        "Vi vil gerne høre, hvad foreninger, frivillige og andre borgere mener.</p>",
    )
    if not closed.responses.exists():
        _seed_closed_responses(closed, coordinator)

    open_ = _hearing(
        slug="plan-for-tryghed",
        title="Høring: Plan for tryghed i boligområderne",
        document=_demo_document(*OPEN_DOCUMENT, coordinator, users["styregruppe"]),
        opens_at=noon - datetime.timedelta(days=3),
        closes_at=noon + datetime.timedelta(days=25),
        user=coordinator,
        introduction="<p>Hvad gør dig tryg, når du færdes i dit boligområde? Læs udkastet, "
        "og send os dit svar.</p>",
    )
    if not open_.responses.exists():
        for offset, row in enumerate(OPEN_RESPONSES, start=1):
            _submit(open_, open_.opens_at + datetime.timedelta(hours=5 * offset), row)
    return [closed, open_]


def _seed_closed_responses(hearing: Hearing, coordinator) -> None:
    start = hearing.opens_at
    responses = []
    for index, row in enumerate(CLOSED_RESPONSES):
        files = []
        if index % 4 == 1:
            files = [_docx(f"Bilag fra {row[2] or row[0]}", row[4])]
        elif index % 4 == 3:
            files = [_png("Skitse af lokalet")]
        responses.append(_submit(hearing, start + datetime.timedelta(days=index + 1), row, files))
    for index, name in enumerate(CAMPAIGN_SENDERS):
        text = CAMPAIGN_TEXT + (f"\n\nVenlig hilsen {name}" if index % 3 else "")
        row = (name, "private", "", "Bevar Idrætshuset", text, 1,
               "anonymous" if index % 5 == 0 else "with_name")  # fmt: skip
        responses.append(_submit(hearing, start + datetime.timedelta(days=14, hours=index), row))

    themes = {
        name: Theme.objects.get_or_create(hearing=hearing, name=name)[0]
        for name in ("Lokaler", "Frivillige", "Økonomi", "Tilgængelighed")
    }
    comments = {
        0: ("Lokaler", "Kodelåse indføres i de lokaler, der bookes mest.", True,
            "Afsnittet om lokaler nævner adgang med kode."),
        3: ("Økonomi", "Et kort ansøgningsskema til små beløb indføres.", True,
            "Afsnittet om økonomi får et forenklet skema under 5.000 kr."),
        4: ("Frivillige", "Unge nævnes nu særskilt i strategien.", True,
            "Nyt afsnit om unge frivillige."),
        6: ("Tilgængelighed", "Tilgængelighed indgår i den kommende lokaleplan.", False, ""),
        12: ("Lokaler", "Idrætshuset bevares; det indgår ikke i spareforslagene.", False, ""),
    }  # fmt: skip
    for index, (theme, comment, change, description) in comments.items():
        response_process(
            response=responses[index],
            user=coordinator,
            status=HearingResponse.Status.HANDLED,
            themes=[themes[theme]],
            admin_comment=comment,
            leads_to_change=change,
            change_description=description,
        )
    for response in responses:
        if response.publication == HearingResponse.Publication.NOT_PUBLISHED:
            response_review(response=response, user=coordinator, publish=False)
        elif response.sensitive_findings:
            response_review(
                response=response,
                user=coordinator,
                publish=True,
                public_text=response.text.split(" Min mobil")[0],
            )
        else:
            response_review(response=response, user=coordinator, publish=True)
