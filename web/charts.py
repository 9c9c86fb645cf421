"""Budget against actual as a bar chart drawn on the server: SVG geometry computed here, the markup and every
amount (formatted in the visitor's language) in ``web/projects/_bar_chart.html``.

The figures come from ``projects.selectors.budget_vs_actual`` unchanged; this module only places them. Each
row has two bars on one scale: the budget (outlined) and what was declared (filled, in red past the budget,
which the row also says in words), so that colour is never the only sign.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from projects.selectors import CategoryFigures

# The drawing's own units: the SVG scales to its box (at most ``MAX_WIDTH`` wide, see projects.css).
WIDTH = 440
BAR_AREA = 300  # the longest bar; the rest of the width holds its amount
LABEL_HEIGHT = 18
BAR_HEIGHT = 14
BAR_GAP = 3
ROW_GAP = 14
LEGEND_HEIGHT = 28


@dataclass(frozen=True)
class Bar:
    amount: Decimal
    y: float
    width: float

    @property
    def text_x(self) -> float:
        return self.width + 4

    @property
    def text_y(self) -> float:
        return self.y + BAR_HEIGHT - 3


@dataclass(frozen=True)
class ChartRow:
    label: str
    label_y: float
    budget: Bar
    declared: Bar
    over_budget: Decimal


@dataclass(frozen=True)
class BarChart:
    key: str  # unique on the page: the SVG's title and description ids
    title: str
    rows: list[ChartRow]
    height: float
    width: int = WIDTH
    bar_height: int = BAR_HEIGHT


def bar_chart(*, key: str, title: str, rows: Iterable[tuple[str, CategoryFigures]]) -> BarChart:
    """Rows of (label, figures) as two bars each, budget and declared, on one scale."""
    rows = list(rows)
    largest = max([max(figures.budget, figures.declared) for _label, figures in rows] or [Decimal(0)])
    scale = BAR_AREA / float(largest) if largest else 0.0
    placed = []
    y = float(LEGEND_HEIGHT)
    for label, figures in rows:
        budget_y = y + LABEL_HEIGHT
        declared_y = budget_y + BAR_HEIGHT + BAR_GAP
        placed.append(
            ChartRow(
                label=label,
                label_y=y + LABEL_HEIGHT - 5,
                budget=Bar(figures.budget, budget_y, round(float(figures.budget) * scale, 1)),
                declared=Bar(figures.declared, declared_y, round(float(figures.declared) * scale, 1)),
                over_budget=figures.over_budget,
            )
        )
        y = declared_y + BAR_HEIGHT + ROW_GAP
    return BarChart(key=key, title=title, rows=placed, height=y)
