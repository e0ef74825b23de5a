"""Attribution pulls on demand: start one for a program, and follow it."""

from __future__ import annotations

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.api_gateway import Router
from pydantic import BaseModel

from sellerlink.api.context import deps, principal
from sellerlink.api.problems import ERROR_RESPONSES
from sellerlink.observability import MetricUnit, metrics
from sellerlink.pulls import starter
from sellerlink.pulls.dal import PullStore
from sellerlink.pulls.models import PullRequest, PullView

router = Router()
TAGS = ["Pulls"]
RECENT = 20


class PullList(BaseModel):
    pulls: list[PullView]


def _executions() -> starter.Executions | None:
    arn = deps(router).settings.attribution_pull_arn
    return starter.StepFunctionsExecutions(arn) if arn else None


@router.post("/v1/programs/<program_id>/pulls", tags=TAGS, responses=ERROR_RESPONSES)
def start_pull(program_id: str, body: PullRequest | None = None) -> Response[PullView]:
    """Admin or manager: pull the program's Attribution reports now (optionally a backfill `from`..`to`).

    Answers 202 at once; follow `GET .../pulls/{pull_id}` until `status` is SUCCEEDED or FAILED.
    """
    d = deps(router)
    pull = starter.start_pull(
        PullStore(d.table),
        d.programs,
        _executions(),
        d.clock,
        principal(router),
        program_id,
        body or PullRequest(),
        d.settings.pull_window_days,
    )
    metrics.add_metric(name="PullsStarted", unit=MetricUnit.Count, value=1)
    return Response(202, content_type="application/json", body=PullView.of(pull))


@router.get("/v1/programs/<program_id>/pulls", tags=TAGS, responses=ERROR_RESPONSES)
def list_pulls(program_id: str) -> PullList:
    """The program's 20 most recent pulls, newest first."""
    d = deps(router)
    program = starter.get_program(d.programs, principal(router), program_id)
    pulls = PullStore(d.table).recent(program.account_id, program.program_id, RECENT)
    return PullList(pulls=[PullView.of(pull) for pull in pulls])


@router.get("/v1/programs/<program_id>/pulls/<pull_id>", tags=TAGS, responses=ERROR_RESPONSES)
def get_pull(program_id: str, pull_id: str) -> PullView:
    """A pull's status (RUNNING, SUCCEEDED, FAILED), pages and rows read, and entries appended."""
    d = deps(router)
    pulls = PullStore(d.table)
    pull = starter.get_pull(pulls, d.programs, principal(router), program_id, pull_id)
    return PullView.of(starter.reconciled(pulls, _executions(), d.clock, pull))
