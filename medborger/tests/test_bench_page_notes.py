"""The "note" column of bench/RESULTS.md: a page's reason shows only when it misses its aim."""

from bench import page_notes

HTML = "text/html; charset=utf-8"


def _note(name, role, p95, floor_p95, content_type=HTML, first_byte_p95=0.0):
    aim = page_notes.aim_for(name, content_type)
    return page_notes.note_for(
        name, role, aim, p95=p95, first_byte_p95=first_byte_p95, floor_p95=floor_p95
    )


def test_a_page_within_the_aims_shows_no_note(monkeypatch):
    monkeypatch.setattr(page_notes, "NOTES", {"policy:document_list": "Lists everything."})
    assert _note("policy:document_list", "coordinator", 14.0, 3.0) == ""


def test_a_page_over_the_ratio_or_the_ceiling_shows_its_note(monkeypatch):
    monkeypatch.setattr(page_notes, "NOTES", {"policy:document_list": "Lists everything."})
    assert _note("policy:document_list", "coordinator", 16.0, 3.0) == "Lists everything."
    assert _note("policy:document_list", "coordinator", 101.0, 30.0) == "Lists everything."


def test_the_front_page_is_held_to_the_tighter_ratio_and_a_role_note_wins(monkeypatch):
    notes = {"landing": "Every block.", ("landing", "coordinator"): "And the staff links."}
    monkeypatch.setattr(page_notes, "NOTES", notes)
    assert _note("landing", "anonymous", 10.0, 3.0) == "Every block."
    assert _note("landing", "coordinator", 10.0, 3.0) == "And the staff links."
    assert _note("landing", "anonymous", 9.0, 3.0) == ""


def test_exports_and_documents_are_held_to_their_own_aims():
    csv = page_notes.aim_for("consultation:hearing_export", "text/csv; charset=utf-8")
    assert not csv.missed(p95=950.0, first_byte_p95=150.0, floor_p95=3.0)
    assert csv.missed(p95=1050.0, first_byte_p95=150.0, floor_p95=3.0)
    assert csv.missed(p95=950.0, first_byte_p95=210.0, floor_p95=3.0)

    xlsx_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    xlsx = page_notes.aim_for("consultation:event_attendees_xlsx", xlsx_type)
    assert not xlsx.missed(p95=4900.0, first_byte_p95=100.0, floor_p95=3.0)
    assert xlsx.missed(p95=5100.0, first_byte_p95=100.0, floor_p95=3.0)

    statement = page_notes.aim_for("forum:statement_pdf", "application/pdf")
    assert statement.missed(p95=310.0, first_byte_p95=100.0, floor_p95=3.0)
    assert not statement.missed(p95=290.0, first_byte_p95=100.0, floor_p95=3.0)

    document = page_notes.aim_for("policy:version_pdf", "application/pdf")
    assert not document.missed(p95=900.0, first_byte_p95=150.0, floor_p95=3.0)
    assert document.missed(p95=90.0, first_byte_p95=201.0, floor_p95=3.0)
