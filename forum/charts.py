"""The budget chart as server-side SVG: no script, no inline style, so the strict CSP holds.

Each budget year is a horizontal bar: spent (solid), committed (hatched) and what is left
(outlined), with a mark at the allocation. Patterns and the table beside the chart carry the
meaning, never colour alone.
"""

from dataclasses import dataclass
from decimal import Decimal

from .money import format_dkk

LABEL_WIDTH = 64
BAR_WIDTH = 440
ROW_HEIGHT = 44
BAR_HEIGHT = 24
TOP = 8
#: Where the text after each bar starts, and the width of the whole drawing.
TEXT_X = LABEL_WIDTH + BAR_WIDTH + 12
WIDTH = TEXT_X + 200


@dataclass(frozen=True)
class Bar:
    label: str
    y: float
    text_y: float
    spent_x: float
    spent_width: float
    committed_x: float
    committed_width: float
    left_x: float
    left_width: float
    allocation_x: float
    mark_top: float
    mark_bottom: float
    is_over: bool
    summary: str


def _scale(value: Decimal, largest: Decimal) -> float:
    if largest <= 0:
        return 0.0
    return round(float(value / largest) * BAR_WIDTH, 1)


def budget_bars(years, *, left_text: str, over_text: str) -> tuple[list[Bar], int]:
    """Bars for budget years annotated with totals; returns the bars and the drawing's height.

    `left_text` and `over_text` are translated templates with an `%(amount)s` placeholder.
    """
    largest = max([max(y.allocation, y.used) for y in years], default=Decimal(0))
    bars = []
    for row, year in enumerate(years):
        y = TOP + row * ROW_HEIGHT
        spent = _scale(year.spent, largest)
        committed = _scale(year.committed, largest)
        left = _scale(max(year.left, Decimal(0)), largest)
        summary = (over_text if year.is_over else left_text) % {
            "amount": format_dkk(abs(year.left))
        }
        bars.append(
            Bar(
                label=str(year.year),
                y=y,
                text_y=y + BAR_HEIGHT / 2 + 5,
                spent_x=LABEL_WIDTH,
                spent_width=spent,
                committed_x=LABEL_WIDTH + spent,
                committed_width=committed,
                left_x=LABEL_WIDTH + spent + committed,
                left_width=left,
                allocation_x=LABEL_WIDTH + _scale(year.allocation, largest),
                mark_top=y - 4,
                mark_bottom=y + BAR_HEIGHT + 4,
                is_over=year.is_over,
                summary=summary,
            )
        )
    height = TOP * 2 + max(len(bars), 1) * ROW_HEIGHT
    return bars, height
