"""Compare an XLSX export with the CSV export of the same rows."""

import datetime

from django.utils import formats


def cells_as_csv_text(sheet) -> list[list]:
    """The sheet's rows as the CSV export writes them: an empty or missing cell as "", a date
    cell (XLSX keeps real dates, in local time) as the reader's short date or date and time."""

    def text(value):
        if value is None:
            return ""
        if isinstance(value, datetime.datetime):
            return formats.date_format(value, "SHORT_DATETIME_FORMAT")
        if isinstance(value, datetime.date):
            return formats.date_format(value, "SHORT_DATE_FORMAT")
        return value

    return [[text(value) for value in row] for row in sheet.iter_rows(values_only=True)]
