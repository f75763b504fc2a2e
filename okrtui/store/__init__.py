"""The store: the team's SQLite file, read and written through `Store`.

The store knows SQLite (through sqlite-utils) and the models; it never imports
Textual. See `docs/architecture.md` for the API.
"""

from okrtui.store.db import Store
from okrtui.store.errors import (
    DraftExistsError,
    NotFoundError,
    PublishedError,
    RefusedError,
    SchemaError,
    StoreError,
    message,
)
from okrtui.store.models import (
    ActionItem,
    BonusPlan,
    CheckIn,
    CurveSpec,
    Cycle,
    CycleStatus,
    DimensionSpec,
    KeyResult,
    KRKind,
    Member,
    MemberLevel,
    MemberPlanInput,
    Method,
    Objective,
    ObjectiveLevel,
    OneOnOne,
    PlanParams,
    PlanStatus,
    TierSpec,
)

__all__ = [
    "ActionItem",
    "BonusPlan",
    "CheckIn",
    "CurveSpec",
    "Cycle",
    "CycleStatus",
    "DimensionSpec",
    "DraftExistsError",
    "KRKind",
    "KeyResult",
    "Member",
    "MemberLevel",
    "MemberPlanInput",
    "Method",
    "NotFoundError",
    "Objective",
    "ObjectiveLevel",
    "OneOnOne",
    "PlanParams",
    "PlanStatus",
    "PublishedError",
    "RefusedError",
    "SchemaError",
    "Store",
    "StoreError",
    "TierSpec",
    "message",
]
