"""The "note" column of bench/RESULTS.md: a page's reason shows only when it misses the aims."""

from bench import page_notes


def test_a_page_within_the_aims_shows_no_note(monkeypatch):
    monkeypatch.setattr(page_notes, "NOTES", {"policy:document_list": "Lists everything."})
    assert page_notes.note_for("policy:document_list", "coordinator", 14.0, 3.0) == ""


def test_a_page_over_the_ratio_or_the_ceiling_shows_its_note(monkeypatch):
    monkeypatch.setattr(page_notes, "NOTES", {"policy:document_list": "Lists everything."})
    assert page_notes.note_for("policy:document_list", "coordinator", 16.0, 3.0) == (
        "Lists everything."
    )
    assert page_notes.note_for("policy:document_list", "coordinator", 101.0, 30.0) == (
        "Lists everything."
    )


def test_the_front_page_is_held_to_the_tighter_ratio_and_a_role_note_wins(monkeypatch):
    notes = {"landing": "Every block.", ("landing", "coordinator"): "And the staff links."}
    monkeypatch.setattr(page_notes, "NOTES", notes)
    assert page_notes.note_for("landing", "anonymous", 10.0, 3.0) == "Every block."
    assert page_notes.note_for("landing", "coordinator", 10.0, 3.0) == "And the staff links."
    assert page_notes.note_for("landing", "anonymous", 9.0, 3.0) == ""
