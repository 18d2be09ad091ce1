"""Why a page misses the aims of issue 15, for the "note" column of bench/RESULTS.md.

This is where a page that cannot meet the aim says why and what meeting it would cost. The
aims: every HTML page's p95 within 5x the floor's p95 (the front page and the public hearing
page within 3x) and never over 100 ms, for every role. `make bench` shows a page's note in the
pages table only when the page misses them; a page that meets them needs no note.

Keys are the page's URL name as in the table (`"landing"`, `"policy:revision_manage"`), or
`(url name, role)` for a note that holds for one role only (the role as in the table, e.g.
`"coordinator"`); the role's own note wins over the page's. Values are one short sentence in
English: the reason, then the cost, e.g. "Renders the whole timeline of 500 milestones;
paging it would cost the printable overview its single page."

Exports and generated documents (anything but HTML) are held to the issue's aims for them
instead: the first byte within 200 ms whatever the size, the yearly statement PDF whole within
300 ms, a CSV export within 1 s and an XLSX export within 5 s (`aim_for`).
"""

import dataclasses

#: The reason a page misses the aims, by URL name or by (URL name, role). Filled by the lead
#: after a bench run; empty until then.
NOTES: dict[str | tuple[str, str], str] = {
    "translations": (
        "Lists every unreviewed public string of six languages (about 320 KB). Since "
        "2026-12-03 each language's section is rendered once per change of its catalogue (5-7 "
        "ms CPU in-process); what is left is sending the page, and paging it per language "
        "would cost the reviewer the one-page overview."
    ),
    "policy:document_editor": (
        "100 sections, 670 KB of HTML: an unchanged version's rows come from the cache since "
        "2026-12-03 (their comments and hearing points put in per request); what is left is "
        "sending 670 KB through the base template and the two queries of comments and points."
    ),
    "policy:revision_manage": (
        "Writes 38 milestones, 217 tasks and their members in ten group blocks (up to 270 KB); "
        "since 2026-12-03 the page below its title is cached per revision, language, day and "
        "what the user may do, under a stamp bumped by every change it shows, the CSRF token "
        "put in per request: the first visit after a change builds it (about 40 ms CPU)."
    ),
    "dashboard": (
        "Per user: since 2026-12-03 the revision panels (timeline, milestone and task rows, "
        "totals, deadlines) and the events panel's sign-up counts are cached under stamps "
        "every write of them bumps; left are the logged-in page's fixed cost, the user's own "
        "tasks and permissions, rendering the other panels and 75-94 KB of milestone status "
        "forms, which staff use from here (loading them on demand would cost a script)."
    ),
    "calendar_feed": (
        "Collects 500 entries through the apps' calendar hooks (about 23 ms); a per-user cache "
        "cleared on every change to a milestone, task, event or hearing would remove it."
    ),
    "consultation:hearing_public_responses": (
        "Renders 50 responses with their texts, sections, points and the administration's "
        "answers through the template; the count is cached under a stamp since 2026-12-03. "
        "Building the rows in Python would move public strings out of the templates the "
        "public catalogue is made from; caching the page per change of the hearing's "
        "responses is the next step."
    ),
    "consultation:hearing_points_report": (
        "The høringsnotat as DOCX from 2,000 points streams since 2026-12-03 (first byte "
        "about 30 ms in-process); the whole file is about 250 ms CPU building 2,000 points, "
        "and a copy cached per change would need a bump in every writer of points, responses, "
        "parties, sections and the outcome."
    ),
    "consultation:hearing_outcome": (
        "Groups 50 points a page with their references and each section's change (the diff "
        "about 0.4 ms, merged points read as lists since 2026-12-03); what is left is the "
        "copies count and template per point: the page cached per hearing, page and language "
        "under a stamp bumped by dispositions, merges and responses would meet it."
    ),
    "consultation:hearing_responses": (
        "Renders 50 rows with their labels; the unfiltered count is cached under a stamp "
        "since 2026-12-03 (a filtered list still counts); what is left is the page's "
        "framework cost and its rows."
    ),
    "consultation:hearing_analysis": (
        "Chooses the page's 50 responses on narrow rows and reads the unfiltered count from "
        "the cache since 2026-12-03, but still sorts all 10,000 for the page; an index on the "
        "order would remove that."
    ),
    "forum:plan_detail": (
        "Every initiative of the plan as a card (built in Python since 2026-12-03, CPU 36 -> 15 "
        "ms in-process); a cached copy per plan would need a receiver on every forum model."
    ),
    "forum:budget_year": (
        "Six small queries joining five tables per expense, the allocation history and the "
        "framework's own cost; the expense rows in Python (2026-12-03) moved it little."
    ),
    "landing": (
        "The five blocks are cached per language and day under the stamp front-page "
        "(2026-12-03); what is left is the page's chrome: for a logged-in user the session, "
        "the user with their roles and the navigation's permission checks."
    ),
}

#: The form pages' shared reason (helper forms, 2026-12-03).
FORM_PAGE = (
    "A form page: widgets (2026-12-03) and crispy-forms' field wrapper (medborger."
    "field_renderer, 2026-12-03) are written in Python; what is left is the logged-in page's "
    "fixed cost, the drop-downs' model choices and the form's own queries."
)
NOTES.update(
    dict.fromkeys(
        (
            "policy:stakeholder_create",
            "policy:stakeholder_edit",
            "policy:revision_create",
            "policy:revision_edit",
            "policy:task_create",
            "policy:task_edit",
            "policy:milestone_create",
            "policy:milestone_edit",
            "policy:member_create",
            "policy:member_edit",
            "policy:decision_create",
            "policy:import_preview",
            "policy:document_particulars",
            "policy:version_restore",
            "forum:expense_create",
            "forum:expense_edit",
            "forum:budget_year_create",
            "forum:attendance_edit",
            "forum:membership_create",
            "forum:membership_edit",
            "forum:initiative_edit",
            "forum:forum_edit",
            "forum:plan_create",
            "forum:agenda_edit",
            "forum:seat_edit",
            "consultation:event_create",
            "consultation:event_edit",
            "consultation:event_notes",
            "consultation:event_texts",
            "consultation:hearing_edit",
            "consultation:hearing_themes",
            "consultation:hearing_review",
            "consultation:hearing_response_new",
            "consultation:hearing_response_split",
            "consultation:signup_manage",
        ),
        FORM_PAGE,
    )  # fmt: skip
)
#: Small pages profiled in-process at the large size (2026-12-03): no single cost stands out.
SMALL_PAGE = (
    "Profiled in-process at the large size (2026-12-03): 5-15 ms CPU, of which the logged-in "
    "page's fixed cost (session, user, navigation, base template) is about half and its own "
    "few rows the rest; it misses the ratio only when the run's floor is low and the machine "
    "busy, and no cache would pay for its invalidation."
)
#: The forum pages whose rows are built in Python since 2026-12-03 (helper docs).
FORUM_ROWS = (
    "Rows built in Python since 2026-12-03 (CPU 22-34 -> 15-24 ms in-process); what is left is "
    "the logged-in page's fixed cost and reading the members and initiatives; a fragment "
    "cached under a forum stamp would need a receiver on every forum model."
)
NOTES.update(dict.fromkeys(("forum:detail", "forum:meeting_list", "forum:member_list"), FORUM_ROWS))
NOTES.update(
    dict.fromkeys(
        (
            "forum:budget",
            "forum:statement",
            "forum:meeting_detail",
            "policy:document_detail",
            "policy:version_detail",
            "policy:import_done",
            "consultation:event_detail",
            "consultation:event_attendees",
            "consultation:event_thanks",
            "consultation:hearing_parties",
            "consultation:hearing_report",
            "consultation:hearing_response",
            "consultation:hearing_point",
            "consultation:hearing_report_version",
            "consultation:hearing_report_versions",
            "consultation:event_list",
        ),
        SMALL_PAGE,
    )  # fmt: skip
)
NOTES.update(
    {
        "policy:revision_public": (
            "Profiled 2026-12-03: loading and rendering 20-40 public milestones with their "
            "decisions and timeline; now cached per revision, language and day under the "
            "revision pages' stamp, the documents and their hearings read per request. What is "
            "left is the page's fixed cost; the first visit after a change builds the part."
        ),
        "consultation:hearing_detail": (
            "The public hearing page with its form: one query (the hearing with its version "
            "and document), the draft and the empty form kept rendered per version and "
            "language; what is left is the page's chrome and a fresh form token and signed "
            "proof-of-work challenge per view (about 6 ms CPU in-process, under 2x the floor's "
            "on an idle machine); 3x in gunicorn would need the page's shell cached with the "
            "token and challenge put in per request, as the revision page does with its CSRF "
            "token."
        ),
        "policy:revision_list": (
            "Profiled 2026-12-03: 500 public milestones loaded to find each revision's next "
            "one; now cached per language, day and staff or not under the revision pages' "
            "stamp. What is left is the page's fixed cost."
        ),
        "consultation:hearing_export": (
            "The 10,000-row CSV whole over gunicorn (its first byte in about 50 ms): after the "
            "2026-12-03 rewrite the rest is reading the rows in 1,000-row chunks with their "
            "sections and themes (three queries a chunk) and the csv module; one server-side "
            "cursor instead of the keyset chunks is the next step."
        ),
        "consultation:hearing_points": (
            "100 of 2,000 points a page, each with its references, suggestion, section menu "
            "and two forms; since 2026-12-03 the page's ids are chosen first, only the shown "
            "columns read and the rows built in Python (CPU p50 about 40 % lower in-process); "
            "what is left is about 140 KB of forms and building 100 points with their "
            "prefetches. Paging at 50 is ruled out (an accepted point can move off the page)."
        ),
        "consultation:response_feedback": (
            "A respondent's page: their points with dispositions and each changed section's "
            "diff (about 0.4 ms); since 2026-12-03 the points' ids are read first and merged "
            "points as lists; what is left is the points with their references and the "
            "template per point, which a page cached per response and change would remove."
        ),
        "policy:version_list": (
            "25 of 200 versions with two comparison pickers of 200 versions each; since "
            "2026-12-03 the rows are built in Python and the options escaped once for both "
            "pickers; the 400 options are what is left, and a search field would cost choosing "
            "any version from the keyboard without typing."
        ),
        "policy:version_compare": (
            "Compares two versions of 100 sections word by word: since 2026-12-03 the rows are "
            "built in Python and cached under a key of the compared texts; what is left is "
            "reading 200 sections and sending up to 550 KB (unchanged sections in full "
            "inside <details>); the hearing points shown with each change are read per request."
        ),
    }
)


#: The aims, as ratios of the floor's p95 and as an absolute ceiling in milliseconds.
AIM_RATIO = 5.0
AIM_RATIO_FRONT = 3.0
AIM_CEILING_MS = 100.0
#: Pages held to the tighter ratio.
FRONT_PAGES = frozenset({"landing", "consultation:hearing_detail"})
#: Exports and generated documents: the first byte within this, whatever the size.
AIM_FIRST_BYTE_MS = 200.0
#: The yearly statement PDF, whole, within this.
STATEMENT_PDFS = frozenset({"forum:statement_pdf"})
AIM_STATEMENT_PDF_MS = 300.0
#: A CSV export (10,000 rows) and an XLSX export, whole, within these.
AIM_CSV_MS = 1000.0
AIM_XLSX_MS = 5000.0


#: The load scenarios' aims, as a share of the floor insert's throughput in the same run.
LOAD_AIMS = {"hearing form: open the page, submit a response": 0.3}
#: Why a load scenario misses its aim, and what meeting it would cost (shown only then).
LOAD_NOTES: dict[str, str] = {
    "hearing form: open the page, submit a response": (
        "Each response is a page (about 6 ms CPU) and a POST (about 20 ms CPU) of a sync "
        "worker: one transaction of 12 statements (counter, copy check, response with its "
        "search vector, history, similarity bands, feedback choice, receipt with its daily "
        "limit) held under the year's reference counter, which serialises submissions so the "
        "copy check sees every earlier one; two workers then top out near 40 a second where "
        "the floor inserts one row in one statement. 0.3x would need the response stored "
        "first and its copy grouping, bands and receipt done by an idempotent worker task "
        "after the commit, with a sweep for any left ungrouped (about a day's work, "
        "bench/README.md hform2)."
    )
}


@dataclasses.dataclass(frozen=True)
class Aim:
    """What a page is held to. An HTML page: a ratio of the floor's p95 and a ceiling. An
    export or generated document: its first byte in time, and for some the whole file."""

    label: str
    ratio: float | None = None
    ceiling_ms: float | None = None
    first_byte_ms: float | None = None

    def missed(self, *, p95: float, first_byte_p95: float, floor_p95: float) -> bool:
        if self.ratio is not None and p95 > self.ratio * floor_p95:
            return True
        if self.ceiling_ms is not None and p95 > self.ceiling_ms:
            return True
        return self.first_byte_ms is not None and first_byte_p95 > self.first_byte_ms


def aim_for(name: str, content_type: str) -> Aim:
    """The aim of issue 15 that applies to a page, by its URL name and what it sends."""
    media_type = content_type.split(";")[0].strip().lower()
    if media_type in ("", "text/html"):
        ratio = AIM_RATIO_FRONT if name in FRONT_PAGES else AIM_RATIO
        return Aim(f"{ratio:g}× floor, {AIM_CEILING_MS:g} ms", ratio, AIM_CEILING_MS)
    first = f"first byte {AIM_FIRST_BYTE_MS:g} ms"
    if name in STATEMENT_PDFS:
        whole = AIM_STATEMENT_PDF_MS
    elif media_type == "text/csv":
        whole = AIM_CSV_MS
    elif "spreadsheetml" in media_type:
        whole = AIM_XLSX_MS
    else:
        return Aim(first, first_byte_ms=AIM_FIRST_BYTE_MS)
    return Aim(f"{first}, whole {whole:g} ms", ceiling_ms=whole, first_byte_ms=AIM_FIRST_BYTE_MS)


def note_for(
    name: str, role: str, aim: Aim, *, p95: float, first_byte_p95: float, floor_p95: float
) -> str:
    """The note the pages table shows: the page's reason when it misses its aim, else ""."""
    if not aim.missed(p95=p95, first_byte_p95=first_byte_p95, floor_p95=floor_p95):
        return ""
    return NOTES.get((name, role)) or NOTES.get(name) or ""
