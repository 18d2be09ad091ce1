"""The initiatives of an action plan as HTML, built in Python.

A plan has a couple of hundred initiatives; the template engine spent most of the plan page's
and the forum page's time on their cards (a dozen variables, filters and translations each).
Here each label is translated once and a card is one string; the markup is the one the
templates had (the plan's cards were forum/_initiative_cards.html).
"""

from collections.abc import Iterable
from html import escape
from typing import Any

from django.template.defaultfilters import date as date_filter
from django.template.defaultfilters import linebreaksbr
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from forum.models import Membership
from medborger.formats import local_format

from .common import url_pattern

_DONE = ("done", "approved", "in_progress")


def _status_class(status: str) -> str:
    if status in _DONE:
        return "is-done"
    return "is-late" if status == "rejected" else "is-next"


def _committee_class(committee: str) -> str:
    if committee == "clear":
        return "is-done"
    return "is-late" if committee == "belongs" else "is-planned"


def initiative_cards(initiatives: Iterable[Any], *, none: bool = False) -> SafeString:
    """The plan page's cards: one per initiative (the view sets `detail_url`,
    `status_label` and `committee_label`); "None." for no initiatives if `none`."""
    committee_label, theme_label = _("Standing committee:"), _("Theme")
    goal_label, responsible_label = _("Goal"), _("Responsible")
    proposed = _("Proposed by %(name)s on %(date)s")
    days: dict = {}
    cards = []
    for initiative in initiatives:
        html = (
            '<article class="card mb-3">\n  <div class="card-body">\n'
            f'    <h3 class="h5 card-title"><a href="{escape(initiative.detail_url)}">'
            f"{escape(initiative.title)}</a></h3>\n"
            '    <p class="mb-2">\n'
            f'      <span class="status-badge {_status_class(initiative.status)}">'
            f"{escape(str(initiative.status_label))}</span>\n"
            f'      <span class="status-badge {_committee_class(initiative.standing_committee)}">'
            f"{escape(committee_label)} {escape(str(initiative.committee_label).lower())}"
            "</span>\n    </p>\n"
            f'    <p class="mb-1"><strong>{escape(theme_label)}:</strong> '
            f"{escape(initiative.theme)}</p>\n"
            f'    <p class="mb-1"><strong>{escape(goal_label)}:</strong> '
            f"{escape(Truncator(initiative.goal).words(40, truncate=' …'))}</p>\n"
        )
        if initiative.responsible:
            html += (
                f'    <p class="mb-1"><strong>{escape(responsible_label)}:</strong> '
                f"{escape(initiative.responsible)}</p>\n"
            )
        if initiative.proposed_by:
            moment = initiative.proposed_at
            day = timezone.localtime(moment).date() if moment is not None else None
            if day not in days:
                days[day] = date_filter(day, "DATE_FORMAT") if day is not None else ""
            text = proposed % {
                "name": escape(str(initiative.proposed_by)),
                "date": escape(days[day]),
            }
            html += f'    <p class="mb-0 small text-body-secondary">{text}</p>\n'
        cards.append(html + "  </div>\n</article>\n")
    if not cards and none:
        cards.append(f"<p>{escape(_('None.'))}</p>\n")
    return mark_safe("".join(cards))  # every value above is escaped


def plan_initiatives(initiatives: Iterable[Any]) -> SafeString:
    """The approved initiatives on the forum's page (the view sets `status_label`)."""
    theme_label, goal_label = _("Theme"), _("Goal")
    activities_label = _("Planned activities")
    articles = []
    for initiative in initiatives:
        badge = "is-done" if initiative.status == "done" else "is-planned"
        html = (
            '<article class="mb-3">\n'
            f'        <h4 class="h5">{escape(initiative.title)} <span class="status-badge '
            f'{badge}">{escape(str(initiative.status_label))}</span></h4>\n'
            f'        <p class="mb-1"><strong>{escape(theme_label)}:</strong> '
            f"{escape(initiative.theme)}</p>\n"
            f'        <p class="mb-1"><strong>{escape(goal_label)}:</strong> '
            f"{linebreaksbr(initiative.goal, autoescape=True)}</p>\n"
        )
        if initiative.planned_activities:
            html += (
                f'        <p class="mb-1"><strong>{escape(activities_label)}:</strong> '
                f"{linebreaksbr(initiative.planned_activities, autoescape=True)}</p>\n"
            )
        articles.append(html + "      </article>\n")
    return mark_safe("".join(articles))  # every value above is escaped


def meeting_table(meetings: list[Any], *, caption: str, detail_url: str) -> SafeString:
    """The meetings page's table of meetings (with `item_count`), or "None." (`detail_url`: a
    `url_pattern` of forum:meeting_detail)."""
    if not meetings:
        return mark_safe(f"<p>{escape(_('None.'))}</p>\n")
    moment_format = local_format("ABBR_DATETIME_FORMAT")
    public, draft = escape(_("public")), escape(_("draft"))
    headers = "".join(
        f'<th scope="col">{escape(label)}</th>'
        for label in (_("Time"), _("Meeting"), _("Place"), _("Agenda"), _("Minutes"))
    )
    rows = []
    for meeting in meetings:
        items = ngettext("%(items)s item", "%(items)s items", meeting.item_count) % {
            "items": meeting.item_count
        }
        if meeting.agenda_published_at:
            items += f' · <span class="status-badge is-done">{public}</span>'
        if meeting.minutes_published_at:
            minutes = f'<span class="status-badge is-done">{public}</span>'
        elif meeting.minutes:
            minutes = f'<span class="status-badge is-next">{draft}</span>'
        else:
            minutes = "–"
        rows.append(
            "    <tr>\n"
            f"      <td>{escape(date_filter(timezone.localtime(meeting.starts_at), moment_format))}"
            "</td>\n"
            f'      <td><a href="{escape(detail_url.format(pk=meeting.pk))}">'
            f"{escape(meeting.title)}</a></td>\n"
            f"      <td>{escape(meeting.place)}</td>\n"
            f"      <td>{items}</td>\n"
            f"      <td>{minutes}</td>\n"
            "    </tr>\n"
        )
    return mark_safe(  # every value above is escaped
        '<div class="table-responsive">\n<table class="table">\n'
        f'  <caption class="visually-hidden">{escape(caption)}</caption>\n'
        f"  <thead><tr>{headers}</tr></thead>\n  <tbody>\n"
        + "".join(rows)
        + "  </tbody>\n</table>\n</div>\n"
    )


def who_sits_when(rows: list[Any], *, forum_slug: str, can_manage: bool) -> SafeString:
    """The body of the members page's "who sits when" table: per seat (`members.SeatRow`) and
    mandate year the terms that touch the year, linked to their form for the secretariat."""
    roles = {value: str(label).lower() for value, label in Membership.Role.choices}
    edit_url = url_pattern("forum:membership_edit", forum=forum_slug)
    empty = f'<span class="text-body-secondary">{escape(_("empty"))}</span>'
    days: dict = {}

    def day(value: Any) -> str:
        if value not in days:
            days[value] = escape(date_filter(value, "SHORT_DATE_FORMAT"))
        return days[value]

    terms_html: dict[int, str] = {}
    lines = []
    for row in rows:
        cells = []
        for terms in row.by_year:
            parts = []
            for term in terms:
                if term.pk not in terms_html:
                    name = escape(term.person.name)
                    if can_manage:
                        name = f'<a href="{escape(edit_url.format(pk=term.pk))}">{name}</a>'
                    role = escape(roles.get(term.role, str(term.role).lower()))
                    terms_html[term.pk] = (
                        f'<div>{name} <span class="small text-body-secondary">({role}, '
                        f"{day(term.starts_on)}–{day(term.ends_on)})</span></div>"
                    )
                parts.append(terms_html[term.pk])
            cells.append(f"        <td>{''.join(parts) or empty}</td>\n")
        lines.append(
            "    <tr>\n"
            f'      <th scope="row">{escape(row.seat.name)}</th>\n' + "".join(cells) + "    </tr>\n"
        )
    return mark_safe("".join(lines))  # every value above is escaped
