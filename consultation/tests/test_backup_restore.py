"""deploy/backup.sh and deploy/restore.sh: a database with hearing responses, their history and
an uploaded attachment is backed up, restored into an empty database and an empty uploads
folder, and comes back whole."""

import subprocess
import urllib.parse
import uuid
from pathlib import Path

import psycopg2
import pytest
from django.conf import settings
from django.core.files.storage import default_storage
from django.db import connection

from consultation.models import Hearing, HearingResponse, ResponseAttachment
from consultation.tests.hearing_helpers import make_hearing, pdf_upload, submit

pytestmark = pytest.mark.django_db(transaction=True)

DEPLOY = Path(settings.BASE_DIR) / "deploy"


def _url(database: str) -> str:
    params = connection.settings_dict
    user = urllib.parse.quote(params["USER"] or "")
    password = urllib.parse.quote(params["PASSWORD"] or "")
    credentials = f"{user}:{password}@" if password else f"{user}@" if user else ""
    host = f"{params['HOST'] or '127.0.0.1'}:{params['PORT'] or 5432}"
    return f"postgres://{credentials}{host}/{database}"


def _admin():
    params = connection.settings_dict
    admin = psycopg2.connect(
        host=params["HOST"] or "127.0.0.1",
        port=params["PORT"] or 5432,
        user=params["USER"],
        password=params["PASSWORD"],
        dbname="postgres",
    )
    admin.autocommit = True
    return admin


def _run(script: str, *args: str, database_url: str, media_root: Path):
    return subprocess.run(
        ["sh", str(DEPLOY / script), *args],
        env={"PATH": "/usr/bin:/bin", "DATABASE_URL": database_url, "MEDIA_ROOT": str(media_root)},
        capture_output=True,
        text=True,
        timeout=300,
    )


def _query(database: str, sql: str, params=()) -> list[tuple]:
    params_ = connection.settings_dict
    restored = psycopg2.connect(
        host=params_["HOST"] or "127.0.0.1",
        port=params_["PORT"] or 5432,
        user=params_["USER"],
        password=params_["PASSWORD"],
        dbname=database,
    )
    try:
        with restored.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()
    finally:
        restored.close()


def test_a_backup_restores_into_an_empty_database_and_folder(tmp_path, settings):
    if connection.vendor != "postgresql":
        pytest.skip("Needs PostgreSQL (pg_dump): set DATABASE_URL (the CI run does).")
    settings.MEDIA_ROOT = tmp_path / "media"
    hearing = make_hearing(title="Høring om stier")
    response = submit(hearing, subject="Bænke ved stien", files=[pdf_upload("kort.pdf")])
    submit(hearing, subject="Lys i tunnelen")
    hearing.title = "Høring om stier og lys"
    hearing.save()
    attachment = response.attachments.get()
    with default_storage.open(attachment.file.name, "rb") as stored:
        original = stored.read()
    assert original.startswith(b"%PDF")
    history = hearing.history.count()
    assert history >= 2

    backups = tmp_path / "backups"
    backup = _run(
        "backup.sh",
        str(backups),
        database_url=_url(connection.settings_dict["NAME"]),
        media_root=settings.MEDIA_ROOT,
    )
    assert backup.returncode == 0, backup.stderr
    folder = Path(backup.stdout.strip().splitlines()[-1])
    assert sorted(p.name for p in folder.iterdir()) == ["SHA256SUMS", "db.dump", "media.tar"]

    restored_db = f"{connection.settings_dict['NAME']}_restore_{uuid.uuid4().hex[:6]}"
    restored_media = tmp_path / "restored-media"
    admin = _admin()
    with admin.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{restored_db}"')
    try:
        restore = _run(
            "restore.sh", str(folder), database_url=_url(restored_db), media_root=restored_media
        )
        assert restore.returncode == 0, restore.stderr

        rows = _query(
            restored_db,
            f"SELECT reference, subject FROM {HearingResponse._meta.db_table} "
            "WHERE hearing_id = %s ORDER BY subject",
            [hearing.pk],
        )
        assert rows == list(
            HearingResponse.objects.filter(hearing=hearing)
            .order_by("subject")
            .values_list("reference", "subject")
        )
        assert len(rows) == 2
        titles = _query(
            restored_db,
            f"SELECT title FROM {Hearing.history.model._meta.db_table} WHERE id = %s "
            "ORDER BY history_date",
            [hearing.pk],
        )
        assert len(titles) == history
        assert titles[0][0] == "Høring om stier" and titles[-1][0] == "Høring om stier og lys"
        [(name,)] = _query(
            restored_db,
            f"SELECT file FROM {ResponseAttachment._meta.db_table} WHERE response_id = %s",
            [response.pk],
        )
        assert name == attachment.file.name
        assert (restored_media / name).read_bytes() == original

        # Restoring over what is there now is refused, and changes nothing.
        again = _run(
            "restore.sh", str(folder), database_url=_url(restored_db), media_root=tmp_path / "new"
        )
        assert again.returncode != 0
        assert "restore into an empty one" in again.stderr
        # A damaged backup is refused before anything is restored.
        (folder / "media.tar").write_bytes(b"not the archive")
        empty_db = f"{restored_db}_b"
        with admin.cursor() as cursor:
            cursor.execute(f'CREATE DATABASE "{empty_db}"')
        damaged = _run(
            "restore.sh", str(folder), database_url=_url(empty_db), media_root=tmp_path / "d"
        )
        assert damaged.returncode != 0
        assert not (tmp_path / "d").exists()
        assert _query(empty_db, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'") == [
            (0,)
        ]
    finally:
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{restored_db}" WITH (FORCE)')
            cursor.execute(f'DROP DATABASE IF EXISTS "{restored_db}_b" WITH (FORCE)')
        admin.close()
