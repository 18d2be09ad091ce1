"""The rows of the member and task tables on the staff's revision page, built in Python.

A revision has hundreds of members and tasks; the template engine spent about 0.15 ms on each
row (a dozen variables, links, translations). Here each kind of link is reversed once, each
label translated once and a row is one `format_html`. The markup is the one the template had.
"""

from collections.abc import Callable, Iterable
from typing import Any

from django.template.defaultfilters import date as date_filter
from django.template.defaultfilters import linebreaksbr
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import localize
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from medborger.formats import local_format
from medborger.widgets import escape_value

from .models import GroupMember

_PK_PLACEHOLDER = 987654321

#: The stamp of the staff's revision pages, cached rendered (`policy.views.process`): bumped by
#: every change to what they show (policy/signals.py, and the bulk writers of policy/large.py).
REVISION_PAGE_STAMP = "policy-revision-pages"


#: Django's `conditional_escape` without its lazy-aware wrapper (a third of these tables' time
#: went to the wrapper alone): the same output, `html.escape` of the text unless it is already
#: safe. One function with the widgets' (a lazy translation is escaped as its text there too).
conditional_escape = escape_value


def format_html(format_string: str, *args: Any, **kwargs: Any) -> SafeString:
    """Django's `format_html` (every argument escaped unless safe) on the function above."""
    return mark_safe(
        format_string.format(
            *[conditional_escape(a) for a in args],
            **{k: conditional_escape(v) for k, v in kwargs.items()},
        )
    )


def _date_formatter() -> Callable[[Any], str]:
    """`date_filter(day, "DATE_FORMAT")`, remembered per day for one table."""
    memo: dict[Any, str] = {}

    def display(day: Any) -> str:
        if day not in memo:
            memo[day] = date_filter(day, "DATE_FORMAT")
        return memo[day]

    return display


def url_pattern(name: str) -> str:
    """A reversed URL with "{pk}" where the primary key goes: `.format(pk=obj.pk)` per row."""
    return reverse(name, kwargs={"pk": _PK_PLACEHOLDER}).replace(str(_PK_PLACEHOLDER), "{pk}")


def member_rows(members: Iterable[Any], *, can_manage: bool) -> SafeString:
    has_login, edit, remove = _("has a log-in"), _("Edit"), _("Remove")
    roles = {value: str(label) for value, label in GroupMember.Role.choices}
    edit_url, remove_url = url_pattern("policy:member_edit"), url_pattern("policy:member_remove")
    rows = []
    for member in members:
        actions = ""
        if can_manage:
            actions = format_html(
                '<td class="text-nowrap"><a href="{}">{}<span class="visually-hidden"> {}</span>'
                '</a> · <a href="{}">{}<span class="visually-hidden"> {}</span></a></td>',
                edit_url.format(pk=member.pk),
                edit,
                member.name,
                remove_url.format(pk=member.pk),
                remove,
                member.name,
            )
        email = (
            format_html('<a href="mailto:{}">{}</a>', member.email, member.email)
            if member.email
            else "–"
        )
        rows.append(
            format_html(
                '<tr>\n<th scope="row">{}{}</th>\n<td>{}</td>\n<td>{}</td>\n<td>{}</td>\n'
                "<td>{}</td>\n{}</tr>\n",
                member.name,
                format_html(' <span class="small text-body-secondary">({})</span>', has_login)
                if member.user_id
                else "",
                member.department or "–",
                roles.get(member.role, member.role),
                email,
                member.phone or "–",
                actions,
            )
        )
    return mark_safe("".join(rows))  # every part escaped by format_html


def task_rows(
    tasks: Iterable[Any], *, can_manage: bool, csrf_token: str, next_path: str
) -> SafeString:
    edit, mark_done, open_again = _("Edit"), _("Mark as done"), _("Open again")
    edit_url = url_pattern("policy:task_edit")
    complete_url = url_pattern("policy:task_complete")
    reopen_url = url_pattern("policy:task_reopen")
    day = _date_formatter()
    # The token and the return address are the same in every form: escaped once.
    form = (
        '<form method="post" action="{}" class="d-inline">'
        + format_html(
            '<input type="hidden" name="csrfmiddlewaretoken" value="{}">'
            '<input type="hidden" name="next" value="{}',
            csrf_token,
            next_path,
        )
        .replace("{", "{{")
        .replace("}", "}}")
        + '#opgave-{}">'
        '<button type="submit" class="btn btn-link btn-sm">{}'
        '<span class="visually-hidden">: {}</span></button></form>'
    )
    # Labels and link patterns escaped once; a row is one str.format of escaped values.
    e = conditional_escape
    edit, mark_done, open_again = e(edit), e(mark_done), e(open_again)
    edit_url, complete_url, reopen_url = e(edit_url), e(complete_url), e(reopen_url)
    rows = []
    for task in tasks:
        pk, title = task.pk, e(task.title)
        actions = []
        if can_manage:
            actions.append(
                f'<a href="{edit_url.format(pk=pk)}">{edit}'
                f'<span class="visually-hidden"> {title}</span></a>'
            )
        if task.can_complete:
            if task.is_open:
                actions.append(form.format(complete_url.format(pk=pk), pk, mark_done, title))
            elif task.status == "done":
                actions.append(form.format(reopen_url.format(pk=pk), pk, open_again, title))
        description = (
            f'<span class="d-block small fw-normal">{e(linebreaksbr(task.description))}</span>'
            if task.description
            else ""
        )
        rows.append(
            TASK_ROW.format(
                pk,
                title,
                description,
                e((task.owner.name if task.owner_id else "") or "–"),
                e(day(task.due_on) or "–"),
                e(task.state_now),
                e(task.state_text),
                e((task.milestone.title if task.milestone_id else "") or "–"),
                "\n".join(actions),
            )
        )
    return mark_safe("".join(rows))  # every part escaped above


#: A row of a group's task table on the revision page (every value escaped by the caller).
TASK_ROW = (
    '<tr id="opgave-{}">\n<th scope="row">{}{}</th>\n<td>{}</td>\n<td>{}</td>\n'
    '<td><span class="status-badge is-{}">{}</span></td>\n<td>{}</td>\n'
    '<td class="text-nowrap">\n{}\n</td>\n</tr>\n'
)


def milestone_rows(
    milestones: Iterable[Any],
    *,
    mode: str,
    csrf_token: str = "",
    next_path: str = "",
    can_manage: bool = False,
    can_record_decision: bool = False,
    status_choices: Iterable[tuple[str, str]] = (),
) -> SafeString:
    """The rows of the milestone table (`policy/process/_milestone_table.html`): on the staff's
    revision page (`mode="manage"`) and on the dashboard (`mode="dashboard"`, an inline status
    form per milestone the user may update). Marked by `timeline.mark_milestones` first."""
    rows = milestone_row_list(
        milestones,
        mode=mode,
        csrf_token=csrf_token,
        next_path=next_path,
        can_manage=can_manage,
        can_record_decision=can_record_decision,
        status_choices=status_choices,
    )
    return mark_safe("".join(rows))  # every part escaped by format_html


def milestone_row_list(
    milestones: Iterable[Any],
    *,
    mode: str,
    csrf_token: str = "",
    next_path: str = "",
    can_manage: bool = False,
    can_record_decision: bool = False,
    status_choices: Iterable[tuple[str, str]] = (),
) -> list[SafeString]:
    """`milestone_rows`, one row each."""
    internal, update, status_label = _("internal"), _("Update"), _("Status")
    note_label, save, edit, up, down = _("Note"), _("Save"), _("Edit"), _("Up"), _("Down")
    record_decision = _("Record decision")
    status_line = _("Status: %(status)s")
    status_lines: dict[str, str] = {}
    csrf = format_html('<input type="hidden" name="csrfmiddlewaretoken" value="{}">', csrf_token)
    edit_url = url_pattern("policy:milestone_edit")
    move_url = url_pattern("policy:milestone_move")
    decision_url = url_pattern("policy:decision_create")
    update_url = url_pattern("policy:milestone_status")
    choices = list(status_choices)
    options_by_status: dict[str, SafeString] = {}  # the status select, once per status
    day = _date_formatter()
    milestones = list(milestones)
    last = len(milestones) - 1
    rows = []
    for index, milestone in enumerate(milestones):
        pk, title = milestone.pk, milestone.title
        when = milestone.date_display
        if milestone.ends_on:
            when = format_html("{} – {}", when, day(milestone.ends_on))
        about = ""
        if milestone.kind_text or not milestone.is_public:
            about = format_html(
                '<span class="d-block small fw-normal text-body-secondary">{}{}</span>',
                milestone.kind_text,
                "" if milestone.is_public else format_html(" · {}", internal),
            )
        state = format_html(
            '<span class="status-badge is-{}">{}</span>',
            milestone.state_now,
            milestone.state_text,
        )
        if milestone.status not in ("done", "cancelled"):
            text = milestone.status_text
            if text not in status_lines:
                status_lines[text] = format_html(
                    '\n<span class="d-block small">{}</span>',
                    mark_safe(status_line % {"status": conditional_escape(text)}),
                )
            state += status_lines[text]
        change = ""
        if mode == "dashboard":
            if milestone.can_update:
                if milestone.status not in options_by_status:
                    options_by_status[milestone.status] = mark_safe(
                        "".join(
                            format_html(
                                '<option value="{}"{}>{}</option>',
                                value,
                                " selected" if value == milestone.status else "",
                                label,
                            )
                            for value, label in choices
                        )
                    )
                options = options_by_status[milestone.status]
                change = format_html(
                    '\n<td>\n<details class="inline-update">\n'
                    '<summary>{update}<span class="visually-hidden"> {title}</span></summary>\n'
                    '<form method="post" action="{action}" class="mt-2"\n'
                    ' data-inline="dashboard-panels" data-inline-focus="milepael-{pk}-status">\n'
                    "{csrf}\n"
                    '<input type="hidden" name="next" value="{next}">\n'
                    '<label class="form-label small mb-0" for="ms-{pk}-status">{status_label}'
                    "</label>\n"
                    '<select class="form-select form-select-sm" id="ms-{pk}-status" '
                    'name="status">\n{options}\n</select>\n'
                    '<label class="form-label small mb-0 mt-2" for="ms-{pk}-note">{note_label}'
                    "</label>\n"
                    '<textarea class="form-control form-control-sm" id="ms-{pk}-note" '
                    'name="note" rows="2" maxlength="2000">{note}</textarea>\n'
                    '<button type="submit" class="btn btn-primary btn-sm mt-2">{save}'
                    '<span class="visually-hidden"> {title}</span></button>\n'
                    "</form>\n</details>\n</td>",
                    update=update,
                    title=title,
                    action=update_url.format(pk=pk),
                    pk=pk,
                    csrf=csrf,
                    next=next_path,
                    status_label=status_label,
                    options=options,
                    note_label=note_label,
                    note=milestone.note,
                    save=save,
                )
            else:
                change = mark_safe("\n<td>\n–\n</td>")
        elif mode == "manage":
            actions = []
            if can_manage:
                actions.append(
                    format_html(
                        '<a class="btn btn-outline-primary btn-sm" href="{edit_url}">{edit}'
                        '<span class="visually-hidden"> {title}</span></a>\n'
                        '<form method="post" action="{move_url}" class="d-inline">\n{csrf}\n'
                        '<button type="submit" name="direction" value="up" '
                        'class="btn btn-link btn-sm"{first}>{up}'
                        '<span class="visually-hidden"> {title}</span></button>\n'
                        '<button type="submit" name="direction" value="down" '
                        'class="btn btn-link btn-sm"{last}>{down}'
                        '<span class="visually-hidden"> {title}</span></button>\n</form>',
                        edit_url=edit_url.format(pk=pk),
                        edit=edit,
                        title=title,
                        move_url=move_url.format(pk=pk),
                        csrf=csrf,
                        first=" disabled" if index == 0 else "",
                        up=up,
                        last=" disabled" if index == last else "",
                        down=down,
                    )
                )
            if can_record_decision and milestone.is_deciding_body:
                actions.append(
                    format_html(
                        '<a class="btn btn-link btn-sm" href="{}">{}'
                        '<span class="visually-hidden"> {}</span></a>',
                        decision_url.format(pk=pk),
                        record_decision,
                        title,
                    )
                )
            change = format_html(
                '\n<td class="text-nowrap">\n{}\n</td>', mark_safe("\n".join(actions))
            )
        rows.append(
            format_html(
                '<tr id="milepael-{pk}">\n<td>{number}</td>\n<td>{when}</td>\n'
                '<th scope="row">{title}{about}</th>\n<td>{group}</td>\n'
                '<td id="milepael-{pk}-status" tabindex="-1">\n{state}\n</td>\n'
                "<td>{note}</td>{change}\n</tr>\n",
                pk=pk,
                number=index + 1,
                when=when,
                title=title,
                about=about,
                group=(milestone.responsible_group.name if milestone.responsible_group_id else "")
                or "–",
                state=state,
                note=linebreaksbr(milestone.note),
                change=change,
            )
        )
    return rows


def dashboard_task_rows(
    tasks: Iterable[Any],
    *,
    anchor_prefix: str = "opgave",
    show_revision: bool = False,
    csrf_token: str = "",
    next_path: str = "",
) -> SafeString:
    """The rows of the dashboard's task tables ("My tasks", "Tasks in the revision"), each
    with its inline form to mark the task done or open it again. Marked by
    `timeline.mark_tasks` first."""
    rows = dashboard_task_row_list(
        tasks,
        anchor_prefix=anchor_prefix,
        show_revision=show_revision,
        csrf_token=csrf_token,
        next_path=next_path,
    )
    return mark_safe("".join(rows))  # every part escaped by format_html


def dashboard_task_row_list(
    tasks: Iterable[Any],
    *,
    anchor_prefix: str = "opgave",
    show_revision: bool = False,
    csrf_token: str = "",
    next_path: str = "",
) -> list[SafeString]:
    """`dashboard_task_rows`, one row each."""
    mark_done, open_again = _("Mark as done"), _("Open again")
    complete_url = url_pattern("policy:task_complete")
    reopen_url = url_pattern("policy:task_reopen")
    day = _date_formatter()
    form = (
        '<form method="post" action="{action}" data-inline="dashboard-panels" '
        'data-inline-focus="{anchor}-status">\n'
        '<input type="hidden" name="csrfmiddlewaretoken" value="{csrf}">'
        '<input type="hidden" name="next" value="{next}">\n'
        '<button type="submit" class="btn {button}">{label}'
        '<span class="visually-hidden">: {title}</span></button>\n</form>'
    )
    rows = []
    for task in tasks:
        anchor = f"{anchor_prefix}-{task.pk}"
        revision = task.group.revision if show_revision else None
        action = ""
        if task.can_complete and task.is_open:
            action = format_html(
                form,
                action=complete_url.format(pk=task.pk),
                anchor=anchor,
                csrf=csrf_token,
                next=next_path,
                button="btn-outline-primary btn-sm",
                label=mark_done,
                title=task.title,
            )
        elif task.can_complete and task.status == "done":
            action = format_html(
                form,
                action=reopen_url.format(pk=task.pk),
                anchor=anchor,
                csrf=csrf_token,
                next=next_path,
                button="btn-link btn-sm",
                label=open_again,
                title=task.title,
            )
        rows.append(
            format_html(
                '<tr id="{anchor}">\n<th scope="row">{title}{revision}</th>\n'
                "<td>{group}{owner}</td>\n<td>{due}</td>\n"
                '<td id="{anchor}-status" tabindex="-1">\n'
                '<span class="status-badge is-{state}">{state_text}</span>\n</td>\n'
                "<td>\n{action}\n</td>\n</tr>\n",
                anchor=anchor,
                title=task.title,
                revision=format_html(
                    '<span class="d-block small fw-normal text-body-secondary">{}</span>',
                    revision.title,
                )
                if revision
                else "",
                group=task.group.name,
                owner=format_html('<span class="d-block small">{}</span>', task.owner.name)
                if task.owner_id
                else "",
                due=format_html(
                    '{}<span class="d-block small">{}</span>',
                    day(task.due_on),
                    task.relative,
                )
                if task.due_on
                else "–",
                state=task.state_now,
                state_text=task.state_text,
                action=action,
            )
        )
    return rows


#: Where the dashboard's cached rows and the cached revision page (`views.process`) take the
#: request's CSRF token and address: raw markup, which no escaped value can contain (see
#: `fill_slots`).
CSRF_SLOT = mark_safe("<csrf-token>")
NEXT_SLOT = mark_safe("<next-path>")


def fill_slots(html: str, *, csrf_token: str, next_path: str) -> SafeString:
    """Rows built once with `CSRF_SLOT` and `NEXT_SLOT`, for this request."""
    return mark_safe(
        html.replace(CSRF_SLOT, conditional_escape(csrf_token)).replace(
            NEXT_SLOT, conditional_escape(next_path)
        )
    )


#: Where a cached row of the revisions' table and filter marks the revision the dashboard shows.
CURRENT_SLOT = mark_safe("<current-revision>")


def revision_rows(
    revisions: Iterable[Any], *, dashboard_url: str
) -> list[tuple[int, SafeString, SafeString]]:
    """Per revision (annotated by `dashboard.revisions_with_counts`): its row of the table of
    all revisions and its option in the dashboard's filter, each with `CURRENT_SLOT` where the
    shown one is marked."""
    done_of, rows = _("%(done)s of %(total)s"), []
    for revision in revisions:
        late = (
            format_html(
                '<span class="status-badge is-late">! {}</span>', localize(revision.late_count)
            )
            if revision.late_count
            else "0"
        )
        upcoming = (
            format_html("{} ({})", revision.next_title, revision.next_display)
            if revision.next_title
            else "–"
        )
        row = format_html(
            '<tr>\n<th scope="row"><a href="{}?forloeb={}"{}>{}</a></th>\n<td>{}</td>\n'
            "<td>{}</td>\n<td>{}</td>\n</tr>\n",
            dashboard_url,
            revision.slug,
            CURRENT_SLOT,
            revision.title,
            done_of
            % {"done": localize(revision.done_count), "total": localize(revision.milestone_count)},
            late,
            upcoming,
        )
        option = format_html(
            '<option value="{}"{}>{}</option>', revision.slug, CURRENT_SLOT, revision.title
        )
        rows.append((revision.pk, row, option))
    return rows


class OptionTexts(list):
    """(value, text) of each option of a version picker (`{% version_options %}`), escaped."""


def option_texts(choices) -> OptionTexts:
    texts = OptionTexts()
    for number, label in choices:
        value = conditional_escape(localize(number))
        text = f"{value} – {conditional_escape(label)}" if label else value
        texts.append((value, text))
    return texts


def version_rows(versions: Iterable[Any], *, document: Any, can_change: bool) -> SafeString:
    """The rows of the version list's table (`policy/documents/version_list.html`), built in
    Python: the template spent about half the page on its 25 rows (six links and six
    translations each). The markup is the one the template had."""

    def pattern(name: str) -> str:
        return conditional_escape(
            reverse(name, args=[document.slug, _PK_PLACEHOLDER]).replace(
                str(_PK_PLACEHOLDER), "{number}"
            )
        )

    detail = pattern("policy:version_detail")
    restore_url = pattern("policy:version_restore")
    docx, pdf = pattern("policy:version_docx"), pattern("policy:version_pdf")
    compare_url = conditional_escape(
        reverse(
            "policy:version_compare", args=[document.slug, _PK_PLACEHOLDER, _PK_PLACEHOLDER + 1]
        )
        .replace(str(_PK_PLACEHOLDER + 1), "{number}")
        .replace(str(_PK_PLACEHOLDER), "{previous}")
    )
    e = conditional_escape
    current_badge = f'<span class="change-badge is-current">{e(_("Current"))}</span>'
    frozen_label, compare_label, restore_label = (
        e(_("Frozen")),
        e(_("Compare with previous")),
        e(_("Restore")),
    )
    datetime_format = local_format("ABBR_DATETIME_FORMAT")
    rows = []
    for version in versions:
        number = e(localize(version.number))
        lower = e(_("version %(number)s") % {"number": number})
        is_current = version.pk == document.current_version_id
        frozen = (
            f'<span class="change-badge is-frozen">{frozen_label}: {e(version.frozen_reason)}'
            "</span>"
            if version.is_frozen
            else ""
        )
        note = f"<strong>{e(version.label)}</strong><br>" if version.label else ""
        note += e(version.change_note)
        if version.restored_from_id:
            restored = _("restored from version %(number)s") % {
                "number": localize(version.restored_from.number)
            }
            note += f' <span class="text-body-secondary">({e(restored)})</span>'
        hidden = f'<span class="visually-hidden"> ({lower})</span>'
        compare = (
            f'<li class="list-inline-item"><a href="'
            f'{compare_url.format(previous=version.previous_number, number=version.number)}">'
            f"{compare_label}{hidden}</a></li>"
            if version.previous_number
            else ""
        )
        restore = (
            f'<li class="list-inline-item"><a href="{restore_url.format(number=version.number)}">'
            f"{restore_label}{hidden}</a></li>"
            if can_change and not is_current
            else ""
        )
        created = (
            date_filter(timezone.localtime(version.created_at), datetime_format)
            if version.created_at
            else ""
        )
        rows.append(
            VERSION_ROW.format(
                detail=detail.format(number=version.number),
                version=e(_("Version %(number)s") % {"number": number}),
                current=current_badge if is_current else "",
                frozen=frozen,
                created=e(created),
                author=e(str(version.author) if version.author_id else "") or "–",
                note=note,
                sections=e(localize(version.section_count)),
                compare=compare,
                restore=restore,
                docx=docx.format(number=version.number),
                pdf=pdf.format(number=version.number),
                hidden=hidden,
            )
        )
    return mark_safe("".join(rows))  # every value escaped above


#: A row of the version list (every value escaped by the caller).
VERSION_ROW = (
    "    <tr>\n"
    '      <th scope="row"><a href="{detail}">{version}</a>\n'
    "        {current}\n"
    "        {frozen}</th>\n"
    "      <td>{created}</td>\n"
    "      <td>{author}</td>\n"
    "      <td>{note}</td>\n"
    "      <td>{sections}</td>\n"
    "      <td>\n"
    '        <ul class="list-inline mb-0">\n'
    "          {compare}\n"
    "          {restore}\n"
    '          <li class="list-inline-item"><a href="{docx}">DOCX{hidden}</a></li>\n'
    '          <li class="list-inline-item"><a href="{pdf}">PDF{hidden}</a></li>\n'
    "        </ul>\n"
    "      </td>\n"
    "    </tr>\n"
)
