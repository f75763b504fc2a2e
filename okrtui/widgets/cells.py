"""Text that fits terminal cells: CJK characters take two cells, Latin ones one."""

from __future__ import annotations

from fractions import Fraction

from rich.cells import cell_len, get_character_cell_size
from rich.text import Text

from okrtui.calc import Grade, grade

GRADE_STYLE = {Grade.RED: "bold red", Grade.YELLOW: "bold yellow", Grade.GREEN: "green"}
"""How each grade band is coloured, everywhere a score is shown."""


def fit(text: str, width: int) -> str:
    """Cut `text` to `width` cells, ending with … when cut, and pad it to `width`."""
    if width <= 0:
        return ""
    if cell_len(text) <= width:
        return text + " " * (width - cell_len(text))
    kept: list[str] = []
    used = 0
    for char in text:
        size = get_character_cell_size(char)
        if used + size > width - 1:
            break
        kept.append(char)
        used += size
    return "".join(kept) + "…" + " " * (width - used - 1)


def bar(score: Fraction | None, width: int = 10) -> Text:
    """A progress bar coloured by the score's grade; dotted when there is no score."""
    if score is None:
        return Text("·" * width, style="dim")
    filled = int(round(score * width))
    style = GRADE_STYLE[grade(score)]
    return Text.assemble(("█" * filled, style), ("░" * (width - filled), "dim"))


def percent(score: Fraction | None) -> str:
    """A score as a whole percentage, rounded half-even for display; — for none."""
    if score is None:
        return "—"
    return f"{round(score * 100)} %"


def score_text(score: Fraction | None) -> Text:
    """The score as text coloured by its grade."""
    if score is None:
        return Text("—", style="dim")
    return Text(percent(score), style=GRADE_STYLE[grade(score)])
