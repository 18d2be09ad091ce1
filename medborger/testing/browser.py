"""Browser tests: Playwright driving Debian's Chromium, with axe-core on every page.

`A11yPage` wraps a Playwright page. Every document the page shows must be checked with
axe-core (`goto`, `follow` and `submit` do it for you; call `check_accessibility()` after other
navigations or after a change made with JavaScript). A page left without a check fails the test
at teardown, so no visited page escapes the check.
"""

import os
import shutil
from urllib.parse import urldefrag

from axe_playwright_python.sync_playwright import Axe

#: WCAG 2.1 A and AA, the level Danish public-sector sites must meet.
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> str | None:
    return (
        os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    )


class AccessibilityViolations(AssertionError):
    pass


def format_violations(url: str, violations: list[dict]) -> str:
    lines = [f"axe-core found {len(violations)} WCAG 2.1 AA violation(s) on {url}:"]
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"][:5]:
            lines.append(f"    {', '.join(map(str, node['target']))}: {node['failureSummary']}")
    return "\n".join(lines)


class A11yPage:
    def __init__(self, page, base_url: str):
        self.page = page
        self.base_url = base_url.rstrip("/")
        self.checked_urls: list[str] = []
        self._unchecked: str | None = None
        self._missed: list[str] = []
        self._axe = Axe()
        page.on("framenavigated", self._on_navigated)

    def __getattr__(self, name):
        return getattr(self.page, name)

    def _on_navigated(self, frame):
        if frame != self.page.main_frame or frame.url == "about:blank":
            return
        url = urldefrag(frame.url).url
        if self._unchecked and self._unchecked != url:
            self._missed.append(self._unchecked)
        self._unchecked = url

    def url_for(self, path: str) -> str:
        return path if path.startswith("http") else f"{self.base_url}{path}"

    def check_accessibility(self) -> None:
        """Run axe-core on the current document; fail on any WCAG 2.1 A/AA violation."""
        self.page.wait_for_load_state("load")
        results = self._axe.run(self.page, options=AXE_OPTIONS)
        url = urldefrag(self.page.url).url
        if self._unchecked == url:
            self._unchecked = None
        self.checked_urls.append(url)
        violations = results.response["violations"]
        if violations:
            raise AccessibilityViolations(format_violations(url, violations))

    def goto(self, path: str, **kwargs):
        response = self.page.goto(self.url_for(path), **kwargs)
        self.check_accessibility()
        return response

    def follow(self, locator) -> None:
        """Click a link or button that loads a new page, then check that page."""
        with self.page.expect_navigation():
            locator.click()
        self.check_accessibility()

    def submit(self, locator) -> None:
        """Press a form's submit button (or a link) and check the page that comes back."""
        self.follow(locator)

    def assert_all_pages_checked(self) -> None:
        missed = self._missed + ([self._unchecked] if self._unchecked else [])
        assert not missed, (
            "These pages were shown but never checked with axe-core "
            f"(call check_accessibility() after navigating): {missed}"
        )
