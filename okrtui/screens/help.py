"""The help screen: every key, and how scores and bonuses are counted."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Markdown

HELP = """\
# okrtui help

## Everywhere
| key | does |
|---|---|
| `?` or `F1` | this help |
| `ctrl+p` | the command palette: every action by name |
| `escape` | close a dialog, or go back |
| `q` | quit |

## OKR tree
| key | does |
|---|---|
| arrows | move; `enter` folds and unfolds |
| `c` | check in on the selected key result |
| `C` | correct its latest check-in (the old one stays in the history) |
| `o` | new objective (aligned under the selected objective) |
| `k` | new key result for the selected objective |
| `e` | edit the selected row |
| `d` | delete the selected row (asks first, says what goes with it) |
| `n` | new cycle |
| `I` | import objectives and key results from a JSON file |
| `y` | cycles: switch, add, close |
| `m` | members |
| `b` | bonus table |

## Bonus table
The five steps of a fair split: set the pool, set the criteria, assess, compute,
publish. The table recomputes as you edit, and its total is always the pool.

| key | does |
|---|---|
| pool field | the base pool; `enter` or leaving the field saves it |
| `m` | method and parameters; pool multiplier by hand or from the team score |
| `i` or `enter` | the selected member's inputs: override, points, values, cap |
| `p` | publish: freezes the split with its inputs and time (asks first) |
| `v` | published versions, read-only |
| `n` | on a published version: start a new draft from it |
| `x` | export the shown split as CSV, Markdown and JSON |

Methods: *performance score* (OKR score, or an override with a written reason),
*target achievement* (threshold and tiers), *team contribution* (points), and the
*composite* score (dimensions with relative weights). Recognitions that are not
money, such as a promotion or training, are noted beside the amounts.

## One-on-ones
On the members screen (`m`), `r` opens the selected member's review (or `ctrl+p`,
then "One-on-one with …"): their key results: their key results to walk
through, action items that carry over until done, and past notes. `n` writes a note
(with new action items), `a` adds an item, `space` marks it done, `c` checks in.

## In a form
`tab` moves between fields, `enter` or `ctrl+s` saves, `escape` cancels. A value that
is refused is explained beside its field; nothing is saved and nothing typed is lost.

## How scores count
- **Key result**: increase and decrease score `(current − start) / (target − start)`,
  kept within 0 and 1 (the raw value is shown beside it: "125 %, scored 1.00").
  *At least* and *at most* score 1 when the target is met, else 0; a milestone 1 when
  done. No check-in yet: score 0, shown as "no check-in".
- **Objective**: the weighted mean of its key results and aligned objectives.
  Grades: below 0.4 red, below 0.7 yellow, else green. Committed objectives are
  expected at 1.0, aspirational ones at 0.7.
- **Pace** compares the score with the share of the cycle gone by: at least 95 % of it
  is *on track*, at least 75 % *at risk*, less *off track*. A key result with no
  check-in within the cadence is *stale*.
- **A member's OKR score**: the weighted mean of the objectives they own, else of the
  key results they own.

## How the bonus is split
Each member's weight is their basis (OKR score, target reached, contribution points
or composite score) times their proration (FTE × days employed in the cycle ÷ days in
the cycle). The pool is shared in proportion to the weights; each share is rounded
down to the cent and the cents left over go to the largest remainders, so the amounts
add up to the pool exactly. Every amount can show its trace.
"""


class HelpScreen(ModalScreen[None]):
    """Keys and the counting rules, in one scrollable page."""

    BINDINGS = [
        Binding("escape,q,question_mark,f1", "dismiss", "Close", tooltip="Back"),
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help"):
            yield Markdown(HELP)

    def on_mount(self) -> None:
        # The page is longer than a screen: arrows and page keys scroll it at once.
        self.query_one("#help").focus()

    def action_dismiss(self) -> None:  # type: ignore[override]
        """Close the help."""
        self.dismiss(None)
