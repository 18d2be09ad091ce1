"""The hearing report (høringsnotat) versions that go with the draft to the bodies that treat
it after the hearing: a decision names the version of the draft and of the report.

The policy app knows nothing of hearings: the app that keeps the reports answers the hooks
`decision_report_choices(document_id=)`, `decision_report_link(decision=, choice=, user=)` and
`decision_report_numbers(decision_ids)` (see `medborger.hooks`).
"""

from collections.abc import Iterable

from medborger import hooks, stamps

from .process_rows import REVISION_PAGE_STAMP


def report_choices(document_id: int | None) -> list[tuple[str, str]]:
    """The report versions a decision about this document may name."""
    if document_id is None:
        return []
    return [
        choice
        for result in hooks.call("decision_report_choices", document_id=document_id)
        for choice in result
    ]


def link_report(*, decision, choice: str, user) -> None:
    if choice:
        hooks.call("decision_report_link", decision=decision, choice=choice, user=user)
        # The revision pages show a decision with the report version it treated.
        stamps.bump(REVISION_PAGE_STAMP)


def mark_reports(decisions: Iterable) -> None:
    """Set `report_number` on each decision (None without a report), in one query per app."""
    decisions = list(decisions)
    numbers: dict = {}
    if decisions:
        for result in hooks.call("decision_report_numbers", [d.pk for d in decisions]):
            numbers.update(result)
    for decision in decisions:
        decision.report_number = numbers.get(decision.pk)
