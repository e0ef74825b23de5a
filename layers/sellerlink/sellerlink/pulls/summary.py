"""What a whole scheduled run did, from the outcomes of its programs."""

from __future__ import annotations

from collections.abc import Sequence

from sellerlink.model import Model
from sellerlink.pulls.models import LedgerOutcome, PullStatus

FAILURES_SHOWN = 50  # the summary is the workflow's output: it stays far below 256 KB


class PullSummary(Model):
    programs: int
    succeeded: int
    failed: int
    entries_appended: int
    failures: dict[str, str]
    failures_not_shown: int = 0


def summarize(outcomes: Sequence[LedgerOutcome]) -> PullSummary:
    failed = [o for o in outcomes if o.status is PullStatus.FAILED]
    shown = failed[:FAILURES_SHOWN]
    return PullSummary(
        programs=len(outcomes),
        succeeded=len(outcomes) - len(failed),
        failed=len(failed),
        entries_appended=sum(o.entries_appended for o in outcomes),
        failures={o.program_id: (o.error or "failed")[:300] for o in shown},
        failures_not_shown=len(failed) - len(shown),
    )
