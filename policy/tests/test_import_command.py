import io

import pytest
from django.core.management import CommandError, call_command

from forum.models import Forum
from policy.models import Document, Milestone, PolicyRevision

from .import_builders import MARKDOWN_EXPORT, TEXT_EXPORT

pytestmark = pytest.mark.django_db


def run(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("import_terms", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_a_dry_run_prints_what_it_would_create_and_creates_nothing():
    out, err = run(str(TEXT_EXPORT), "--dry-run")
    assert "Dokument" in out and "med 5 afsnit" in out
    assert 'Gruppe "Styregruppen" med 5 medlemmer' in out
    assert 'Gruppe "Projektgruppen" med 4 medlemmer' in out
    assert "8 milepæle" in out
    assert "Ikke fastsat: Behandles i LokalMED" in out
    assert "række 6: ingen dato." in err
    assert not Document.objects.exists()
    assert not PolicyRevision.objects.exists()


def test_a_dry_run_of_forum_terms_prints_the_forum_facts():
    out, _err = run(str(MARKDOWN_EXPORT), "--dry-run")
    assert 'Forum "Ungeforum 2022-2025" 2022–2025' in out
    assert "byrådsbeslutning 2022-03-03, sag 47; vedtaget 2022-06-14" in out
    assert not Forum.objects.exists()


def test_without_dry_run_it_creates_everything(coordinator):
    out, _err = run(str(TEXT_EXPORT), "--user", coordinator.username)
    assert "Created document" in out
    assert Document.objects.get().current_version.author == coordinator
    assert Milestone.objects.count() == 8


def test_a_bad_file_is_a_command_error_in_danish(tmp_path):
    empty = tmp_path / "tom.docx"
    empty.write_bytes(b"")
    with pytest.raises(CommandError, match="Filen er tom."):
        run(str(empty))
    assert not Document.objects.exists()
