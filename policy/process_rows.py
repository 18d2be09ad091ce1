"""The rows of the member and task tables on the staff's revision page, built in Python.

A revision has hundreds of members and tasks; the template engine spent about 0.15 ms on each
row (a dozen variables, links, translations). Here each kind of link is reversed once, each
label translated once and a row is one `format_html`. The markup is the one the template had.
"""

from collections.abc import Iterable
from typing import Any

from django.template.defaultfilters import date as date_filter
from django.template.defaultfilters import linebreaksbr
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

_PK_PLACEHOLDER = 987654321


def url_pattern(name: str) -> str:
    """A reversed URL with "{pk}" where the primary key goes: `.format(pk=obj.pk)` per row."""
    return reverse(name, kwargs={"pk": _PK_PLACEHOLDER}).replace(str(_PK_PLACEHOLDER), "{pk}")


def member_rows(members: Iterable[Any], *, can_manage: bool) -> SafeString:
    has_login, edit, remove = _("has a log-in"), _("Edit"), _("Remove")
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
                member.get_role_display(),
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
    form = (
        '<form method="post" action="{}" class="d-inline">'
        '<input type="hidden" name="csrfmiddlewaretoken" value="{}">'
        '<input type="hidden" name="next" value="{}#opgave-{}">'
        '<button type="submit" class="btn btn-link btn-sm">{}'
        '<span class="visually-hidden">: {}</span></button></form>'
    )
    rows = []
    for task in tasks:
        actions = []
        if can_manage:
            actions.append(
                format_html(
                    '<a href="{}">{}<span class="visually-hidden"> {}</span></a>',
                    edit_url.format(pk=task.pk),
                    edit,
                    task.title,
                )
            )
        if task.can_complete:
            if task.is_open:
                actions.append(
                    format_html(
                        form,
                        complete_url.format(pk=task.pk),
                        csrf_token,
                        next_path,
                        task.pk,
                        mark_done,
                        task.title,
                    )
                )
            elif task.status == "done":
                actions.append(
                    format_html(
                        form,
                        reopen_url.format(pk=task.pk),
                        csrf_token,
                        next_path,
                        task.pk,
                        open_again,
                        task.title,
                    )
                )
        description = (
            format_html(
                '<span class="d-block small fw-normal">{}</span>', linebreaksbr(task.description)
            )
            if task.description
            else ""
        )
        rows.append(
            format_html(
                '<tr id="opgave-{}">\n<th scope="row">{}{}</th>\n<td>{}</td>\n<td>{}</td>\n'
                '<td><span class="status-badge is-{}">{}</span></td>\n<td>{}</td>\n'
                '<td class="text-nowrap">\n{}\n</td>\n</tr>\n',
                task.pk,
                task.title,
                description,
                (task.owner.name if task.owner_id else "") or "–",
                date_filter(task.due_on, "DATE_FORMAT") or "–",
                task.state_now,
                task.state_text,
                (task.milestone.title if task.milestone_id else "") or "–",
                mark_safe("\n".join(actions)),  # built with format_html
            )
        )
    return mark_safe("".join(rows))  # every part escaped by format_html
