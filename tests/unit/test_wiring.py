"""Each function's composition root reads the variables its template environment gives, and only
those: a function never requires what it does not use, and the template gives nothing unread."""

from __future__ import annotations

import importlib
import re

import pytest
from pydantic import BaseModel

from sellerlink_local.stack.cloudformation import translate

LOCAL_ONLY = {"SELLERLINK_CLOCK_URL", "SELLERLINK_SANDBOX_URL", "SELLERLINK_LOCAL"}  # set by the local stack
ENVIRONMENTS = {
    name: set(function["Properties"].get("Environment", {}).get("Variables", {}))
    for name, function in translate().of_type("AWS::Lambda::Function").items()
}
FUNCTIONS = sorted(ENVIRONMENTS)


def wiring_module(logical_id: str) -> str:
    words = re.findall(r"[A-Z][a-z]+|OAuth", logical_id.removesuffix("Function"))
    return "sellerlink.wiring." + "_".join(word.lower() for word in words)


def variables(settings: type[BaseModel]) -> tuple[set[str], set[str]]:
    """Every variable the settings read, and those they require."""
    read, required = set(), set()
    for part in settings.model_fields.values():
        for field in part.annotation.model_fields.values():  # type: ignore[union-attr]
            read.add(str(field.validation_alias))
            if field.is_required():
                required.add(str(field.validation_alias))
    return read, required


@pytest.mark.parametrize("logical_id", FUNCTIONS)
def test_a_functions_settings_and_its_template_environment_agree(logical_id: str) -> None:
    module = importlib.import_module(wiring_module(logical_id))
    given = {name for name in ENVIRONMENTS[logical_id] if not name.startswith("POWERTOOLS_")}
    settings = getattr(module, "Settings", None)
    read, required = variables(settings) if settings else (set(), set())
    assert required <= given, f"{logical_id} needs {sorted(required - given)}"
    assert given <= read, f"{logical_id} is given {sorted(given - read)} and never reads it"
    assert not (required & LOCAL_ONLY)


def test_every_function_has_a_composition_root() -> None:
    assert [wiring_module(name) for name in FUNCTIONS] == sorted(
        f"sellerlink.wiring.{name}"
        for name in (
            "api",
            "apply_ledger",
            "catalog_import",
            "dashboard",
            "fetch_reports",
            "finish_pull",
            "links",
            "oauth",
            "payout_schedule",
            "payout_worker",
            "payouts",
            "plan_pulls",
            "postbacks",
            "summarize_pull",
            "webhooks",
        )
    )
