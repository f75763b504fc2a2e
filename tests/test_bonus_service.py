"""The bonus glue: parameter text, the sheet of a plan, publishing and reading back."""

from __future__ import annotations

import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from okrtui import bonus_service as service
from okrtui.calc.errors import CalcError
from okrtui.dialogs.member_input_form import join_recognition, split_recognition
from okrtui.store import Store
from tests.conftest import TODAY


def test_tiers_round_trip() -> None:
    tiers = service.parse_tiers("0.7=1.0, 0.9 = 1.5")
    assert [(t.min_score, t.multiplier) for t in tiers] == [
        (Decimal("0.7"), Decimal("1.0")),
        (Decimal("0.9"), Decimal("1.5")),
    ]
    assert service.parse_tiers(service.tiers_text(tiers)) == tiers
    assert service.parse_tiers("  ") == []


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("0.7", "not score=multiplier"),
        ("0.7=x", "not score=multiplier"),
        ("1.2=2", "0 to 1"),
        ("0.9=1.5, 0.7=1", "rising"),
        ("0.7=1, 0.7=2", "rising"),
        ("0..7=1", "not score=multiplier"),
    ],
)
def test_tiers_refused(text: str, says: str) -> None:
    with pytest.raises(ValueError, match=says):
        service.parse_tiers(text)


def test_dimensions_round_trip() -> None:
    text = "workload 30 target 100; satisfaction 40 max\nokr 30; 满意度 5"
    dims = service.parse_dimensions(text)
    assert [(d.key, d.weight, d.rule, d.target) for d in dims] == [
        ("workload", Decimal(30), "target", Decimal(100)),
        ("satisfaction", Decimal(40), "max", None),
        ("okr", Decimal(30), "target", Decimal(1)),
        ("满意度", Decimal(5), "max", None),
    ]
    again = service.parse_dimensions(service.dimensions_text(dims))
    assert [d.model_dump() for d in again] == [d.model_dump() for d in dims]


def test_dimensions_keep_their_labels() -> None:
    known = service.parse_dimensions("satisfaction 40 max")
    known = [known[0].model_copy(update={"label": "Customer satisfaction"})]
    dims = service.parse_dimensions("satisfaction 50 target 5; workload 50", known)
    assert [d.label for d in dims] == ["Customer satisfaction", "workload"]


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("", "at least one"),
        ("workload", "needs a weight"),
        ("workload x", "not a number"),
        ("workload -3", "0 or more"),
        ("workload 30 target 0", "above 0"),
        ("workload 30 most", "max, or target"),
        ("30 workload", "one word"),
        ("okr 30; okr 10", "twice"),
        ("okr 0; workload 0", "above 0"),
    ],
)
def test_dimensions_refused(text: str, says: str) -> None:
    with pytest.raises(ValueError, match=says):
        service.parse_dimensions(text)


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("workload 1e999", "too large"),
        ("workload 1e10000000", "too large"),
        ("workload " + "9" * 27, "too large"),
        ("workload 1e-999999", "decimals"),
        ("workload 30 target 1e999", "too large"),
        ("workload 30 target 1e-10000000", "decimals"),
        ("workload Infinity", "0 or more"),
        ("workload NaN", "0 or more"),
        ("workload 30 target NaN", "above 0"),
    ],
)
def test_dimensions_out_of_bounds(text: str, says: str) -> None:
    with pytest.raises(ValueError, match=says):
        service.parse_dimensions(text)


@pytest.mark.parametrize(
    "text",
    [
        "0.7=" + "9" * 27,
        "0.7=0.0000000000000000001",
        "0.0000000000000000001=1",
        pytest.param("0." + "0" * 10000 + "1=1", id="10000-decimals"),
    ],
)
def test_tiers_and_curve_out_of_bounds(text: str) -> None:
    with pytest.raises(ValueError, match="too large|decimals"):
        service.parse_tiers(text)
    with pytest.raises(ValueError, match="too large|decimals"):
        service.parse_curve(f"0.3=0, 0.7=1, {text.replace('0.7=', '1.0=')}")


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("9" * 27, "too large"),
        pytest.param("9" * 10000, "too large", id="10000-digits"),
        ("1,000,000,000,000,000", "too large"),
        ("1e999", "not an amount"),
        ("12.345", "decimals"),
    ],
)
def test_parse_money_never_raises_an_arithmetic_error(text: str, says: str) -> None:
    with pytest.raises(CalcError, match=says):
        service.parse_money(text, "CNY")
    assert service.parse_money("999,999,999,999,999.99", "CNY") == Decimal(
        "999999999999999.99"
    )


def test_a_plan_with_absurd_numbers_is_refused_not_crashed(sample_db: Path) -> None:
    # As a file from before the bounds could hold it: built without validation.
    with Store.open(sample_db) as store:
        cycle = store.current_cycle(TODAY)
        assert cycle is not None and cycle.id is not None
        plan = store.bonus_plan(cycle.id)
        assert plan is not None
        for update in (
            {"multiplier": Decimal("1e999999")},
            {"base_pool": Decimal("1e999999"), "multiplier": Decimal("1e999999")},
            {"multiplier": Decimal("99999999999999")},
        ):
            absurd = plan.model_construct(**(dict(plan) | update))
            with pytest.raises(CalcError, match="too large"):
                service.compute_sheet(store, cycle, absurd)


def test_curve_round_trip_and_calc_messages() -> None:
    curve = service.parse_curve("0.3=0, 0.7=1, 1.0=1.5")
    assert (curve.threshold, curve.target, curve.cap, curve.cap_payout) == (
        Decimal("0.3"),
        Decimal("0.7"),
        Decimal("1.0"),
        Decimal("1.5"),
    )
    assert service.parse_curve(service.curve_text(curve)) == curve
    with pytest.raises(ValueError, match="three points"):
        service.parse_curve("0.3=0, 0.7=1")
    with pytest.raises(ValueError, match="pays 0"):
        service.parse_curve("0.3=0.5, 0.7=1, 1=1.5")
    # The calculation's own message, word for word.
    with pytest.raises(ValueError, match="threshold < target"):
        service.parse_curve("0.8=0, 0.7=1, 1=1.5")


def test_recognition_text() -> None:
    assert split_recognition("Training: advanced support") == (
        "training",
        "advanced support",
    )
    assert split_recognition("promotion") == ("promotion", "")
    assert split_recognition("mentor of the quarter") == (
        "other",
        "mentor of the quarter",
    )
    assert join_recognition("promotion", "to senior") == "promotion: to senior"
    assert join_recognition("", "ignored") == ""
    assert join_recognition("other", "mentor") == "mentor"


def test_sample_sheet_adds_up_and_explains(sample_db: Path) -> None:
    with Store.open(sample_db) as store:
        cycle = store.current_cycle(TODAY)
        assert cycle is not None and cycle.id is not None
        plan = store.bonus_plan(cycle.id)
        assert plan is not None
        sheet = service.compute_sheet(store, cycle, plan)
    assert sheet.pool == Decimal("120000.00")
    assert sum(r.amount for r in sheet.rows) + sheet.undistributed == sheet.pool
    assert all(row.trace for row in sheet.rows)
    chen = next(r for r in sheet.rows if r.name == "陈静")
    assert "override 0.60" in service.row_note(chen, "CNY")
    tom = next(r for r in sheet.rows if r.name == "Tom Okafor")
    assert tom.recognitions == ("Training: advanced support certification",)
    assert service.footer_cells(sheet)[-1][6] == "120,000.00"


@pytest.mark.parametrize(
    "method", ["performance", "target", "contribution", "composite"]
)
def test_every_method_shares_the_sample_pool(sample_db: Path, method: str) -> None:
    with Store.open(sample_db) as store:
        cycle = store.current_cycle(TODAY)
        assert cycle is not None and cycle.id is not None
        plan = store.bonus_plan(cycle.id)
        assert plan is not None
        plan = plan.model_validate(plan.model_dump() | {"method": method})
        sheet = service.compute_sheet(store, cycle, plan)
    assert sheet.method == method
    assert sheet.distributed + sheet.undistributed == sheet.pool
    assert any(line.startswith("Basis:") for line in sheet.summary)


def test_publish_freezes_and_reads_back(sample_db: Path) -> None:
    with Store.open(sample_db) as store:
        cycle = store.current_cycle(TODAY)
        assert cycle is not None and cycle.id is not None
        plan = store.bonus_plan(cycle.id)
        assert plan is not None
        draft = service.compute_sheet(store, cycle, plan)
        published = service.publish(store, cycle, plan)
        # Later changes to the team do not touch the published version.
        member = store.members()[0]
        store.save_member(member.model_copy(update={"name": "Renamed"}))
        versions = service.published_sheets(store, cycle.id)
    assert published.is_published and published.published_at
    assert versions == [published]
    assert [r.amount for r in published.rows] == [r.amount for r in draft.rows]
    assert [r.trace for r in published.rows] == [r.trace for r in draft.rows]
    assert published.rows[0].name == draft.rows[0].name != "Renamed"
    assert published.rows[0].inputs["fte"] == str(draft.rows[0].inputs["fte"])
    assert published.status_text().startswith("published ")


def test_published_sheet_refuses_a_draft(sample_db: Path) -> None:
    with Store.open(sample_db) as store:
        cycle = store.current_cycle(TODAY)
        assert cycle is not None and cycle.id is not None
        plan = store.bonus_plan(cycle.id)
    assert plan is not None
    with pytest.raises(ValueError, match="not published"):
        service.published_sheet(plan)


def test_glue_export_and_cli_run_without_textual(sample_db: Path) -> None:
    """`okrtui bonus` never loads Textual: the glue and the exports are UI-free."""
    code = (
        "import sys\n"
        "from okrtui.cli import main\n"
        f"status = main(['bonus', '--db', {str(sample_db)!r}, '--format', 'json'])\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] == 'textual')\n"
        "print(status, loaded, file=sys.stderr)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).parent.parent,
    )
    assert result.stderr.strip() == "0 []"


def _capped_sheet(sample_db: Path, caps: dict[str, str]) -> service.BonusSheet:
    """The sample's draft with caps (a share of the pool) on the members named."""
    with Store.open(sample_db) as store:
        cycle = store.current_cycle(TODAY)
        assert cycle is not None and cycle.id is not None
        plan = store.bonus_plan(cycle.id)
        assert plan is not None
        ids = {m.name: m.id for m in store.members()}
        inputs = {k: v.model_dump() for k, v in plan.inputs.items()}
        for name, share in caps.items():
            member_id = ids[name]
            assert member_id is not None
            inputs[member_id] = inputs.get(member_id, {}) | {"cap_share": share}
        plan = plan.model_validate(plan.model_dump() | {"inputs": inputs})
        return service.compute_sheet(store, cycle, plan)


def test_caps_summary_says_where_the_excess_went(sample_db: Path) -> None:
    sheet = _capped_sheet(sample_db, {"Anna Berg": "0.01"})
    caps = next(line for line in sheet.summary if line.startswith("Caps:"))
    assert "goes to the uncapped members" in caps
    anna = next(r for r in sheet.rows if r.name == "Anna Berg")
    assert anna.capped and "went to the others" in " ".join(anna.trace)
    assert sheet.undistributed == 0


def test_caps_summary_says_when_the_excess_stays_undistributed(
    sample_db: Path,
) -> None:
    # Everyone with a share is capped: nobody can take what the caps cut off.
    with Store.open(sample_db) as store:
        names = [m.name for m in store.members()]
    sheet = _capped_sheet(sample_db, dict.fromkeys(names, "0.01"))
    assert sheet.undistributed > 0
    caps = next(line for line in sheet.summary if line.startswith("Caps:"))
    assert "goes to" not in caps
    amount = service.amount_text(sheet.undistributed, sheet.currency)
    assert f"{amount} CNY stays undistributed" in caps
    for row in sheet.rows:
        if row.capped:
            assert "left undistributed" in " ".join(row.trace)


def test_caps_summary_when_no_cap_is_reached(sample_db: Path) -> None:
    sheet = _capped_sheet(sample_db, {"Anna Berg": "0.9"})
    caps = next(line for line in sheet.summary if line.startswith("Caps:"))
    assert "nothing is cut off" in caps and "goes to" not in caps
