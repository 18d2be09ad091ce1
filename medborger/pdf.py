"""PDF from an HTML template, for exports and reports (xhtml2pdf: pure Python, no system libs)."""

import io

from django.template.loader import render_to_string
from xhtml2pdf import pisa

from .text import export_text


class PdfRenderError(Exception):
    pass


def render_pdf(template_name: str, context: dict) -> bytes:
    """Render a template made for print (see templates/pdf/base.html) into PDF bytes."""
    html = export_text(render_to_string(template_name, context))
    output = io.BytesIO()
    result = pisa.CreatePDF(html, dest=output, encoding="utf-8")
    if result.err:
        raise PdfRenderError(f"Could not render {template_name} as PDF ({result.err} errors).")
    return output.getvalue()
