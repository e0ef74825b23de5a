"""The attribution pull ASL: what sam deploy ships and moto runs locally."""

from __future__ import annotations

import json
import re
from typing import Any

from sellerlink_local.stack.cloudformation import ROOT, load_sam

ASL = ROOT / "statemachines" / "attribution_pull.asl.json"


def states(definition: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    found = []
    for name, state in definition["States"].items():
        found.append((name, state))
        for branch in [state.get("ItemProcessor") or state.get("Iterator")] if state["Type"] == "Map" else []:
            found.extend(states(branch))
    return found


def definition() -> dict[str, Any]:
    text = ASL.read_text()
    return dict(json.loads(re.sub(r'(?<!")\$\{(\w+)\}(?!")', "4", text)))


def test_every_task_retries_and_no_arn_is_written_in() -> None:
    text = ASL.read_text()
    assert "arn:aws:lambda" not in text and "arn:aws:states:::lambda:invoke" in text
    for name, state in states(definition()):
        if state["Type"] == "Task":
            assert state.get("Retry"), f"{name} has no Retry"


def test_every_substitution_is_given_by_the_template() -> None:
    used = set(re.findall(r"\$\{(\w+)\}", ASL.read_text()))
    machine = load_sam()["Resources"]["AttributionPullStateMachine"]["Properties"]
    assert used == set(machine["DefinitionSubstitutions"])


def test_each_program_runs_as_a_child_execution_so_a_thousand_fit() -> None:
    """An inline Map keeps every program's events in one history (25,000 at most): 1,000 programs
    with a few report pages each would not fit. A distributed Map gives each its own."""
    config = definition()["States"]["PullEachProgram"]["ItemProcessor"]["ProcessorConfig"]
    assert config == {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"}


def test_a_programs_ledger_shards_fit_in_its_child_executions_history() -> None:
    """The shards run as an inline Map inside the program's child execution: at most one shard
    per slot, each a handful of history events, far under the 25,000 a history holds."""
    from sellerlink.attribution.slots import SLOTS
    from sellerlink.pulls.apply_ledger import shards_for

    program = definition()["States"]["PullEachProgram"]["ItemProcessor"]["States"]
    assert program["LedgerShards"]["ItemProcessor"]["ProcessorConfig"] == {"Mode": "INLINE"}
    assert program["LedgerShards"]["ItemsPath"] == "$.ledger.shards"
    assert len(shards_for(10**9)) == SLOTS and SLOTS * 10 < 25_000
    assert [(s.first_slot, s.last_slot) for s in shards_for(1)] == [(0, SLOTS - 1)]
    halves = shards_for(80_000)
    assert [(s.first_slot, s.last_slot) for s in halves] == [(0, SLOTS // 2 - 1), (SLOTS // 2, SLOTS - 1)]


def test_a_thousand_failed_programs_outcomes_fit_in_one_state() -> None:
    """Step Functions passes at most 256 KB between states; the Map gathers every outcome."""
    from sellerlink.pulls.finish import OUTCOME_ERROR
    from sellerlink.pulls.models import LedgerOutcome, PullStatus

    outcome = LedgerOutcome(
        pull_id="pull-20261201T063000-0a1b2c3d",
        program_id="prg_0123456789abcdef",
        status=PullStatus.FAILED,
        error=("NeedsReauth: " + "x" * 2000)[:OUTCOME_ERROR],
    )
    assert len(json.dumps([outcome.model_dump(mode="json")] * 1000)) < 256 * 1024
