"""`make audit` never passes without having checked (scripts/audit.py)."""

import importlib.util

from django.conf import settings

spec = importlib.util.spec_from_file_location("audit", settings.BASE_DIR / "scripts" / "audit.py")
audit = importlib.util.module_from_spec(spec)
spec.loader.exec_module(audit)

SKIPPED = {"name": "django", "skip_reason": "Dependency not found on PyPI and could not be audited"}
CLEAN = {"name": "rules", "version": "3.5", "vulns": []}


def test_packages_the_service_did_not_answer_for_fail_as_not_checked():
    code, lines = audit.verdict({"dependencies": [CLEAN, SKIPPED]})
    assert code == 2
    assert "NOT CHECKED" in lines[0] and "1 of 2" in lines[0]


def test_no_report_at_all_fails_as_not_checked():
    code, lines = audit.verdict({}, fallback="ConnectionError: Max retries exceeded")
    assert code == 2 and "ConnectionError" in lines[-1]


def test_a_known_vulnerability_fails():
    vulnerable = {
        "name": "django",
        "version": "5.2.0",
        "vulns": [{"id": "PYSEC-2025-1", "fix_versions": ["5.2.1"]}],
    }
    code, lines = audit.verdict({"dependencies": [CLEAN, vulnerable]})
    assert code == 1
    assert "VULNERABLE django 5.2.0: PYSEC-2025-1 (fixed in 5.2.1)" in lines


def test_every_package_checked_and_clean_passes():
    code, lines = audit.verdict({"dependencies": [CLEAN]})
    assert code == 0 and "1 pinned packages checked" in lines[0]
