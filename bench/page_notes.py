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
"""

#: The reason a page misses the aims, by URL name or by (URL name, role). Filled by the lead
#: after a bench run; empty until then.
NOTES: dict[str | tuple[str, str], str] = {}

#: The aims, as ratios of the floor's p95 and as an absolute ceiling in milliseconds.
AIM_RATIO = 5.0
AIM_RATIO_FRONT = 3.0
AIM_CEILING_MS = 100.0
#: Pages held to the tighter ratio.
FRONT_PAGES = frozenset({"landing", "consultation:hearing_detail"})


def over_aims(name: str, p95: float, floor_p95: float) -> bool:
    """Whether a page with this p95 misses the aims in a run whose floor had `floor_p95`."""
    ratio = AIM_RATIO_FRONT if name in FRONT_PAGES else AIM_RATIO
    return p95 > AIM_CEILING_MS or p95 > ratio * floor_p95


def note_for(name: str, role: str, p95: float, floor_p95: float) -> str:
    """The note the pages table shows: the page's reason when it misses the aims, else ""."""
    if not over_aims(name, p95, floor_p95):
        return ""
    return NOTES.get((name, role)) or NOTES.get(name) or ""
