"""Keyboard and contrast barriers on forms: focus after a refused submit, visible focus on fields,
and borders of radio buttons and check boxes that can be seen (WCAG 2.1 AA 1.4.11, 2.4.7, 3.3.1)."""

import pytest

from consultation.tests.hearing_helpers import make_hearing

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CONTRAST = """(selector) => {
  const luminance = (rgb) => {
    const [r, g, b] = rgb.match(/\\d+(\\.\\d+)?/g).slice(0, 3).map(Number).map((c) => {
      c /= 255;
      return c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const element = document.querySelector(selector);
  const border = luminance(getComputedStyle(element).borderTopColor);
  const page = luminance(getComputedStyle(document.body).backgroundColor);
  const [hi, lo] = border > page ? [border, page] : [page, border];
  return (hi + 0.05) / (lo + 0.05);
}"""


def test_a_refused_submit_moves_the_focus_to_the_error_summary(page):
    hearing = make_hearing(title="Høring om fællesskaber")
    page.goto(f"/inddragelse/hoeringer/{hearing.slug}/")
    page.fill("#id_email", "karin@example.org")
    page.fill("#id_email_repeat", "someone-else@example.org")
    page.submit(page.locator("button[type=submit].btn-primary"))

    focused = page.evaluate("() => document.activeElement.hasAttribute('data-error-summary')")
    assert focused, page.evaluate("() => document.activeElement.outerHTML.slice(0, 200)")
    # The summary's links lead to the fields, so Tab goes on from there.
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.closest('[data-error-summary]') !== null")


def test_fields_show_a_strong_focus_ring_and_check_boxes_a_visible_border(page):
    hearing = make_hearing(title="Høring om frivillighed")
    page.goto(f"/inddragelse/hoeringer/{hearing.slug}/")

    page.focus("#id_name")
    outline = page.evaluate("() => getComputedStyle(document.activeElement).outlineWidth")
    assert float(outline.removesuffix("px")) >= 2

    assert page.evaluate(CONTRAST, "input[type=checkbox].form-check-input") >= 3
    assert page.evaluate(CONTRAST, "input[type=radio].form-check-input") >= 3
