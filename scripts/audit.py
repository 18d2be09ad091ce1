"""`make audit`: the pinned requirements against known vulnerabilities (pip-audit).

pip-audit asks PyPI's JSON API about each pinned package. Where that service cannot be reached,
pip-audit skips the package and still says "No known vulnerabilities found"; this script
counts those as NOT checked and fails with exit code 2 and a clear message instead of passing.

Exit codes: 0 every package checked, none vulnerable; 1 vulnerabilities found; 2 not (fully)
checked, usually because the network here does not reach the vulnerability service.
"""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REQUIREMENTS = ("requirements.txt", "requirements-dev.txt")


def main() -> int:
    command = [sys.executable, "-m", "pip_audit", "--progress-spinner", "off"]
    command += ["--format", "json", "--no-deps", "--disable-pip"]
    for name in REQUIREMENTS:
        command += ["--requirement", str(ROOT / name)]
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=600)
    except subprocess.TimeoutExpired:
        print("make audit: NOT CHECKED - pip-audit did not finish within 10 minutes.")
        return 2
    try:
        report = json.loads(result.stdout or "{}")
    except json.JSONDecodeError:
        report = {}
    code, lines = verdict(report, fallback=(result.stderr or result.stdout).strip()[-2000:])
    print("\n".join(lines))
    return code


def verdict(report: dict, *, fallback: str = "") -> tuple[int, list[str]]:
    """The exit code and the lines to print for pip-audit's JSON report."""
    dependencies = report.get("dependencies")
    if not dependencies:
        return 2, ["make audit: NOT CHECKED - pip-audit gave no report:", fallback]
    lines = []
    vulnerable = [d for d in dependencies if d.get("vulns")]
    skipped = [d for d in dependencies if d.get("skip_reason")]
    for dependency in vulnerable:
        for vuln in dependency["vulns"]:
            fixed = ", ".join(vuln.get("fix_versions") or []) or "no fixed version yet"
            lines.append(
                f"VULNERABLE {dependency['name']} {dependency['version']}: {vuln['id']} "
                f"(fixed in {fixed})"
            )
    checked = len(dependencies) - len(skipped)
    if skipped:
        lines.append(
            f"make audit: NOT CHECKED - {len(skipped)} of {len(dependencies)} pinned packages "
            "could not be looked up in the vulnerability service (PyPI's JSON API); the "
            "network here probably does not allow the check. Run `make audit` where it does."
        )
        lines += [f"  {d['name']}: {d['skip_reason']}" for d in skipped[:10]]
        if len(skipped) > 10:
            lines.append(f"  ... and {len(skipped) - 10} more")
    if vulnerable:
        lines.append(f"make audit: {len(vulnerable)} vulnerable package(s), {checked} checked.")
        return 1, lines
    if skipped:
        return 2, lines
    return 0, [f"make audit: {checked} pinned packages checked, no known vulnerabilities."]


if __name__ == "__main__":
    sys.exit(main())
