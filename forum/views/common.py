"""Helpers shared by the forum's views."""

from functools import partial

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone

from forum.models import Forum
from medborger.form_pages import form_page


def get_forum(slug: str) -> Forum:
    return get_object_or_404(Forum.objects.select_related("terms_of_reference"), slug=slug)


_PK_PLACEHOLDER = 987654321


def url_pattern(name: str, **kwargs) -> str:
    """A reversed URL with "{pk}" where the primary key goes, for long lists: one reverse()
    per page instead of one per row. `url_pattern(...).format(pk=obj.pk)`."""
    url = reverse(name, kwargs={**kwargs, "pk": _PK_PLACEHOLDER})
    return url.replace(str(_PK_PLACEHOLDER), "{pk}")


def reference_date(forum: Forum):
    return forum.reference_date(timezone.localdate())


#: The forum's pages with one form (templates/forum/form.html: `forum`, `heading`, `cancel_url`,
#: `tab`, optional `intro`, `multipart`, `rich_text`). They answer 200 with the errors shown.
forum_form_page = partial(form_page, template="forum/form.html", invalid_status=200)
