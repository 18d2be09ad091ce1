"""One process, one truth, under random use: every workflow action by every role, through the
views, in random order. After each step the document's status, its hearing, the milestones,
the dashboard and the public process page agree, and nothing answers 500."""

import datetime
import itertools

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test

from consultation.models import Hearing
from consultation.services.hearings import MILESTONE_STATUS, hearing_report_publish
from policy import dashboard as process_dashboard
from policy.models import Decision, Document, Milestone, PolicyRevision
from policy.services import SectionInput, version_save

pytestmark = pytest.mark.django_db
S = Document.Status
ROLES = ["coordinator", "steering_member", "project_member", "anonymous"]
CHAIN = [
    Milestone.Kind.COMMITTEE_APPROVAL,
    Milestone.Kind.CITIZENS_MEETING,
    Milestone.Kind.PUBLIC_HEARING,
    Milestone.Kind.LOKAL_MED,
    Milestone.Kind.HOVED_MED,
    Milestone.Kind.CITY_COUNCIL,
]
DECIDING = [k for k in CHAIN if k in Milestone.DECIDING_KINDS]
_run = itertools.count(1)
#: The statuses the runs reached, so the test can show it explored the workflow.
REACHED: set = set()


def _local(value: datetime.datetime) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%dT%H:%M")


def _window(kind: str):
    now = timezone.now()
    return {
        "open": (now - datetime.timedelta(days=1), now + datetime.timedelta(days=10)),
        "upcoming": (now + datetime.timedelta(days=2), now + datetime.timedelta(days=20)),
        "closed": (now - datetime.timedelta(days=20), now - datetime.timedelta(days=2)),
    }[kind]


class Lifecycle(RuleBasedStateMachine):
    users: dict = {}

    def __init__(self):
        super().__init__()
        n = next(_run)
        self.clients = {
            role: Client() if user is None else self._client(user)
            for role, user in self.users.items()
        }
        coordinator = self.users["coordinator"]
        self.document = Document.objects.create(title=f"Politik {n}", slug=f"politik-sm-{n}")
        terms = Document.objects.create(
            title=f"Kommissorium {n}", slug=f"kommissorium-sm-{n}", kind="terms_of_reference"
        )
        for document in (self.document, terms):
            version_save(
                document=document,
                sections=[SectionInput(heading="Formål", body="<p>Et</p>")],
                user=coordinator,
                base_number=None,
            )
        self.revision = PolicyRevision.objects.create(
            title=f"Revision {n}",
            slug=f"revision-sm-{n}",
            policy_document=self.document,
            terms_of_reference=terms,
        )
        for position, kind in enumerate(CHAIN, start=1):
            Milestone.objects.create(
                revision=self.revision,
                kind=kind,
                title=str(Milestone.Kind(kind).label),
                position=position,
                date_precision="unset",
            )
        self.hearing_count = 0

    @staticmethod
    def _client(user):
        client = Client()
        client.force_login(user)
        return client

    def _post(self, role, url, data):
        response = self.clients[role].post(url, data)
        assert response.status_code < 500, (role, url, response.status_code)
        return response

    def _fresh(self) -> Document:
        return Document.objects.select_related(
            "current_version", "approved_version", "hearing_version", "adopted_version"
        ).get(pk=self.document.pk)

    # --- Actions -----------------------------------------------------------------------------

    @rule(role=st.sampled_from(ROLES), body=st.sampled_from(["<p>To</p>", "<p>Tre</p>"]))
    def save(self, role, body):
        document = self._fresh()
        version = document.current_version
        rows = [(s.key, s.heading, body) for s in version.sections.all()]
        data = {
            "sections-TOTAL_FORMS": str(len(rows)),
            "sections-INITIAL_FORMS": str(len(rows)),
            "sections-MIN_NUM_FORMS": "0",
            "sections-MAX_NUM_FORMS": "300",
            "base_number": str(version.number),
            "label": "",
            "change_note": "",
        }
        for index, (key, heading, text) in enumerate(rows):
            data.update(
                {
                    f"sections-{index}-key": str(key),
                    f"sections-{index}-heading": heading,
                    f"sections-{index}-body": text,
                    f"sections-{index}-position": str(index),
                }
            )
        self._post(role, reverse("policy:document_editor", args=[document.slug]), data)

    @rule(role=st.sampled_from(ROLES), to_status=st.sampled_from(S.values))
    def transition(self, role, to_status):
        document = self._fresh()
        self._post(
            role,
            reverse("policy:document_transition", args=[document.slug]),
            {
                "to_status": to_status,
                "note": "",
                "expected_version": document.current_version.number,
            },
        )

    @rule(role=st.sampled_from(ROLES), window=st.sampled_from(["open", "upcoming", "closed"]))
    def send_to_hearing(self, role, window):
        opens, closes = _window(window)
        self.hearing_count += 1
        self._post(
            role,
            reverse("consultation:hearing_new"),
            {
                "document": self.document.pk,
                "title": "Høring",
                "slug": f"{self.document.slug}-h{self.hearing_count}",
                "opens_at": _local(opens),
                "closes_at": _local(closes),
                "introduction": "",
                "contact": "",
                "privacy_notice": "<p>Om dine data.</p>",
                "retention_until": "",
                "report_promised_on": "",
            },
        )

    @rule(role=st.sampled_from(ROLES), window=st.sampled_from(["open", "upcoming", "closed"]))
    def move_hearing(self, role, window):
        hearing = Hearing.objects.filter(version__document=self.document).first()
        if hearing is None:
            return
        opens, closes = _window(window)
        self._post(
            role,
            reverse("consultation:hearing_edit", args=[hearing.slug]),
            {
                "title": hearing.title,
                "opens_at": _local(opens),
                "closes_at": _local(closes),
                "introduction": "",
                "contact": "",
                "privacy_notice": "<p>Om dine data.</p>",
                "retention_until": "",
                "report_promised_on": "",
            },
        )

    @rule()
    def advance(self):
        """The right step by the right role, so that random runs get through the workflow."""
        document = self._fresh()
        if document.status == S.DRAFT:
            self.transition("coordinator", S.STEERING_REVIEW)
        elif document.status == S.STEERING_REVIEW:
            self.transition("steering_member", S.APPROVED_FOR_HEARING)
        elif document.status == S.APPROVED_FOR_HEARING:
            self.send_to_hearing("coordinator", "open")
        elif document.status == S.IN_HEARING:
            hearing = Hearing.objects.filter(version__document=document).first()
            if hearing.has_closed():
                self.transition("coordinator", S.PROCESSED_AFTER_HEARING)
            else:
                self.move_hearing("coordinator", "closed")
        elif document.status == S.PROCESSED_AFTER_HEARING:
            self.adopt("coordinator", 1, True)

    @rule()
    def publish_report(self):
        hearing = Hearing.objects.filter(version__document=self.document).first()
        if hearing is not None and hearing.has_closed():
            hearing_report_publish(hearing=hearing, user=self.users["coordinator"])

    @rule(
        role=st.sampled_from(ROLES),
        kind=st.sampled_from(DECIDING),
        outcome=st.sampled_from(Decision.Outcome.values),
        reason=st.booleans(),
    )
    def decide(self, role, kind, outcome, reason, days_ago=0):
        milestone = self.revision.milestones.get(kind=kind)
        document = milestone.revision.terms_of_reference if kind == DECIDING[0] else self._fresh()
        document.refresh_from_db()
        meeting_on = timezone.localdate() - datetime.timedelta(days=days_ago)
        self._post(
            role,
            reverse("policy:decision_create", args=[milestone.pk]),
            {
                "version": document.current_version_id,
                "meeting_on": meeting_on.strftime("%d.%m.%Y"),
                "outcome": outcome,
                "text": "Behandlet.",
                "protocol_addendum": "",
                "out_of_order_reason": "Besluttet sådan." if reason else "",
            },
        )

    @rule(
        role=st.sampled_from(ROLES),
        days_ago=st.integers(min_value=0, max_value=5),
        reason=st.booleans(),
    )
    def adopt(self, role, days_ago, reason):
        """Adoption is the city council's decision: the only way to it (the plain status change
        to "Vedtaget", which `transition` still tries, is refused)."""
        self.decide(role, Milestone.Kind.CITY_COUNCIL, "adopted", reason, days_ago=days_ago)

    # --- What must always agree ----------------------------------------------------------------

    @invariant()
    def one_truth(self):
        document = self._fresh()
        REACHED.add(document.status)
        hearings = list(Hearing.objects.filter(version__document=document))
        assert len(hearings) <= 1
        hearing = hearings[0] if hearings else None
        if document.status == S.IN_HEARING:
            assert hearing is not None and hearing.version_id == document.hearing_version_id
            assert document.hearing_version_id == document.approved_version_id
            assert document.hearing_version.is_frozen
        if document.status in (S.DRAFT, S.STEERING_REVIEW, S.APPROVED_FOR_HEARING):
            assert hearing is None
        if document.status == S.APPROVED_FOR_HEARING:
            assert document.approved_version_id == document.current_version_id
        if document.status == S.ADOPTED:
            assert document.adopted_version.is_frozen
        milestone = self.revision.milestones.get(kind=Milestone.Kind.PUBLIC_HEARING)
        if hearing is not None:
            assert hearing.milestone_id == milestone.pk
            assert milestone.status == MILESTONE_STATUS[hearing.state()]
            assert milestone.starts_on == timezone.localdate(hearing.opens_at)
        for decided in self.revision.milestones.filter(decisions__isnull=False).distinct():
            latest = decided.decisions.exclude(outcome="postponed").order_by("-pk").first()
            if latest is not None:
                assert decided.status == Milestone.Status.DONE
                assert decided.starts_on == latest.meeting_on
        # Adopted if and only if the council's adoption is recorded: its milestone is done with
        # the meeting's date, and the document is adopted with the version the council named.
        council = self.revision.milestones.get(kind=Milestone.Kind.CITY_COUNCIL)
        adoptions = list(council.decisions.filter(outcome="adopted"))
        assert len(adoptions) <= 1
        assert (document.status == S.ADOPTED) == bool(adoptions)
        if adoptions:
            (adoption,) = adoptions
            assert council.status == Milestone.Status.DONE
            assert council.date_precision == "day" and council.starts_on == adoption.meeting_on
            assert document.adopted_version_id == adoption.version_id
            assert council.decisions.latest("pk") == adoption  # nothing after the adoption
            step = document.transitions.get(to_status=S.ADOPTED)
            assert step.version_id == adoption.version_id
        else:
            assert document.adopted_version_id is None
            assert not document.transitions.filter(to_status=S.ADOPTED).exists()
        assert not Decision.objects.filter(
            milestone__revision=self.revision, outcome="adopted"
        ).exclude(milestone=council)

        public = self.clients["anonymous"].get(
            reverse("policy:revision_public", args=[self.revision.slug])
        )
        assert public.status_code == 200
        html = public.content.decode()
        hearing_link = (
            reverse("consultation:hearing_detail", args=[hearing.slug]) if hearing else None
        )
        assert (hearing_link is not None and hearing_link in html) == (
            document.status == S.IN_HEARING
        )
        dashboard = self.clients["coordinator"].get(reverse("dashboard"))
        assert dashboard.status_code == 200
        request = RequestFactory().get("/", {"forloeb": self.revision.slug})
        request.user = self.users["coordinator"]
        board = process_dashboard.build(request)
        assert board.revision == self.revision
        shown = {m.pk: m for m in board.milestones}
        assert shown[milestone.pk].status == milestone.status
        if hearing is not None and hearing.state() == Hearing.State.OPEN:
            assert shown[milestone.pk].state_now == "ongoing"


def test_random_workflows_keep_one_truth(coordinator, steering_member, project_member):
    Lifecycle.users = {
        "coordinator": coordinator,
        "steering_member": steering_member,
        "project_member": project_member,
        "anonymous": None,
    }
    run_state_machine_as_test(
        Lifecycle,
        settings=settings(
            max_examples=8,
            stateful_step_count=15,
            deadline=None,
            suppress_health_check=list(HealthCheck),
        ),
    )
    # Random steps by random roles mostly get refused; the runs must still get past approval.
    assert {S.DRAFT, S.STEERING_REVIEW, S.APPROVED_FOR_HEARING, S.IN_HEARING} <= REACHED


def test_the_machine_adopts_only_through_the_councils_decision(
    coordinator, steering_member, project_member
):
    """The walk random runs may or may not complete, taken deterministically: the plain status
    change to "Vedtaget" is refused at every step, the council's decision adopts, and a second
    adoption is refused; the invariants hold throughout."""
    Lifecycle.users = {
        "coordinator": coordinator,
        "steering_member": steering_member,
        "project_member": project_member,
        "anonymous": None,
    }
    machine = Lifecycle()
    statuses = []
    for _step in range(8):
        machine.transition("coordinator", S.ADOPTED)
        machine.one_truth()
        if machine._fresh().status == S.ADOPTED:
            break
        statuses.append(machine._fresh().status)
        machine.advance()
        machine.one_truth()
    assert S.PROCESSED_AFTER_HEARING in statuses
    document = machine._fresh()
    assert document.status == S.ADOPTED
    council = machine.revision.milestones.get(kind=Milestone.Kind.CITY_COUNCIL)
    assert council.status == Milestone.Status.DONE
    assert council.starts_on == timezone.localdate() - datetime.timedelta(days=1)

    machine.adopt("coordinator", 0, True)
    machine.one_truth()
    council.refresh_from_db()
    assert council.decisions.count() == 1
    assert council.starts_on == timezone.localdate() - datetime.timedelta(days=1)
    machine.teardown()
