"""What a whole scheduled run did, from the outcomes of its programs."""

from __future__ import annotations

from collections.abc import Sequence

from pydantic import BaseModel

from sellerlink.pulls.models import LedgerOutcome, PullStatus


class PullSummary(BaseModel):
    programs: int
    succeeded: int
    failed: int
    entries_appended: int
    failures: dict[str, str]


def summarize(outcomes: Sequence[LedgerOutcome]) -> PullSummary:
    failed = [o for o in outcomes if o.status is PullStatus.FAILED]
    return PullSummary(
        programs=len(outcomes),
        succeeded=len(outcomes) - len(failed),
        failed=len(failed),
        entries_appended=sum(o.entries_appended for o in outcomes),
        failures={o.program_id: o.error or "failed" for o in failed},
    )
