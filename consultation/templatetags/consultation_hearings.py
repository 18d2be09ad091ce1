from django import template
from django.utils.translation import gettext as _

from ..textmatch import mask_email_addresses

register = template.Library()


@register.filter
def public_text(response) -> str:
    """The text the public may read: the reviewed version, and never an e-mail address."""
    return mask_email_addresses(
        response.public_text or response.text, "[" + _("e-mail address removed") + "]"
    )
