import os
import subprocess
import sys

from django.conf import settings


def run_check(extra_env: dict) -> subprocess.CompletedProcess:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("SECURE_", "SESSION_COOKIE", "CSRF_COOKIE", "DJANGO_ALLOW_ASYNC"))
    }
    env.update(extra_env)
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_settings_pass_the_deployment_checks():
    result = run_check(
        {
            "DEBUG": "false",
            "SECRET_KEY": "x7#long-and-random-production-secret-key-for-the-check-0123456789",
            "ALLOWED_HOSTS": "medborger.ishoj.dk",
        }
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    result = run_check({"DEBUG": "false", "SECRET_KEY": ""})
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_sqlite_is_set_up_for_a_web_server_and_a_worker_sharing_the_file():
    database = settings.DATABASES["default"]
    if not database["ENGINE"].endswith("sqlite3"):
        assert database["CONN_HEALTH_CHECKS"] is True
        assert database["CONN_MAX_AGE"] > 0
        return
    options = database["OPTIONS"]
    assert options["transaction_mode"] == "IMMEDIATE"
    assert "journal_mode=WAL" in options["init_command"]
    assert options["timeout"] >= 5


def test_danish_is_the_default_language_in_copenhagen_time():
    assert settings.LANGUAGE_CODE == "da"
    assert settings.TIME_ZONE == "Europe/Copenhagen"
    public = ["da", "en", "ar", "tr", "ur", "pl", "so"]
    assert [code for code, _name in settings.LANGUAGES] == public
    assert [code for code, _name in settings.STAFF_LANGUAGES] == ["da", "en"]


def test_collectstatic_builds_the_production_manifest(tmp_path):
    env = {
        **os.environ,
        "DEBUG": "false",
        "STATIC_MANIFEST": "true",
        "MEDBORGER_VAR_DIR": str(tmp_path),
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--no-input", "-v0"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    manifest = (tmp_path / "static" / "staticfiles.json").read_text()
    assert "vendor/bootstrap/dist/css/bootstrap.min.css" in manifest
