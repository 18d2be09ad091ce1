"""Which pages and strings are public, and so offered in every language of settings.LANGUAGES.

Staff pages speak settings.STAFF_LANGUAGES only (the middleware falls back to Danish there).
A public page is named here by its URL name; the strings it shows are named by their source:
a template path (glob) or a Python module, optionally narrowed to some of its top-level
classes or functions (`path::Name`). `scripts/public_messages.py` builds each public
language's catalogue from the Danish one with exactly these strings, and
`scripts/check_messages.py` fails when one of them lacks a translation.

When you add a public page: add its URL name and its templates (and the forms it shows) here,
run `make messages`, and translate what `scripts/public_messages.py --missing` lists.
"""

from django.conf import settings

#: URL names of the pages the public sees (in every language).
PUBLIC_PAGES = frozenset(
    {
        "landing",
        "accessibility_statement",
        "privacy_notice",
        "set_language",
        "consultation:hearing_list",
        "consultation:hearing_detail",
        "consultation:hearing_receipt",
        "consultation:hearing_public_responses",
        "consultation:event_list",
        "consultation:event_detail",
        "consultation:event_thanks",
        "consultation:signup_manage",
        "forum:list",
        "forum:detail",
        "forum:meeting_detail",
        "policy:revision_list",
        "policy:revision_public",
        "policy:document_public",
        "policy:document_public_pdf",
    }
)

#: Where the public pages' and the citizens' e-mails' strings come from.
PUBLIC_SOURCES = [
    "templates/base.html",
    "templates/403.html",
    "templates/404.html",
    "templates/500.html",
    "templates/503.html",
    "templates/medborger/landing.html",
    "templates/medborger/accessibility_statement.html",
    "templates/medborger/privacy_notice.html",
    "templates/medborger/_local_text.html",
    "templates/consultation/hearings/_base.html",
    "templates/consultation/hearings/_errors.html",
    "templates/consultation/hearings/_hearing_card.html",
    "templates/consultation/hearings/_landing_hearings.html",
    "templates/consultation/hearings/_pager.html",
    "templates/consultation/hearings/hearing_list.html",
    "templates/consultation/hearings/hearing_detail.html",
    "templates/consultation/hearings/receipt.html",
    "templates/consultation/hearings/public_responses.html",
    "templates/consultation/events/_facts.html",
    "templates/consultation/events/_seats.html",
    "templates/consultation/events/_landing.html",
    "templates/consultation/events/_email_details.*",
    "templates/consultation/events/list.html",
    "templates/consultation/events/detail.html",
    "templates/consultation/events/thanks.html",
    "templates/consultation/events/signup.html",
    "templates/forum/_landing_forums.html",
    "templates/forum/forum_list.html",
    "templates/forum/forum_detail.html",
    "templates/forum/meeting_detail.html",
    "templates/policy/process/_landing.html",
    "templates/policy/process/_timeline_svg.html",
    "templates/policy/process/_milestone_state.html",
    "templates/policy/process/revision_list.html",
    "templates/policy/process/revision_public.html",
    "templates/policy/documents/_landing_documents.html",
    "templates/policy/documents/_header_block.html",
    "templates/policy/documents/public.html",
    "templates/emails/base.html",
    "templates/emails/hearing_response_receipt/*",
    "templates/emails/event_signup_received/*",
    "templates/emails/event_signup_promoted/*",
    "templates/emails/event_signup_confirm/*",
    "templates/emails/hearing_feedback/*",
    "consultation/forms/hearings.py::ResponseForm",
    "consultation/forms/hearings.py::AttachmentsField",
    "consultation/forms/hearings.py::default_privacy_notice",
    "consultation/forms/events.py::SignUpForm",
    "consultation/views/hearings.py",
    "consultation/views/events.py::event_detail",
    "consultation/views/events.py::signup_manage",
    "forum/views/public.py::forum_detail",
    "forum/views/public.py::meeting_detail",
    "forum/views/rows.py::plan_initiatives",
]


def staff_language_codes() -> set[str]:
    return {code for code, _name in settings.STAFF_LANGUAGES}


def public_language_codes() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def is_public_page(view_name: str | None) -> bool:
    return view_name in PUBLIC_PAGES
