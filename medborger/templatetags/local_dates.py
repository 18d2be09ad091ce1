"""`{{ value|local_date:"WEEKDAY_DATETIME_FORMAT" }}`: a date in the reader's language by a named
format (medborger.formats), where Django's `date` filter knows only its own names."""

from django import template
from django.template.defaultfilters import date as date_filter

from medborger.formats import local_format

register = template.Library()


@register.filter(expects_localtime=True, is_safe=False)
def local_date(value, name: str = "DATE_FORMAT") -> str:
    if value in (None, ""):
        return ""
    return date_filter(value, local_format(name))
