"""Attribution pulls on demand: start one for a program, and follow it."""

from __future__ import annotations

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.api_gateway import Router

from sellerlink.api.dependencies import ApiDependencies, deps, principal
from sellerlink.api.problems import ERROR_RESPONSES
from sellerlink.model import Model
from sellerlink.observability import MetricUnit, metrics
from sellerlink.pulls.models import PullRequest, PullView
from sellerlink.pulls.starter import OnDemandPulls

router = Router()
TAGS = ["Pulls"]


class PullList(Model):
    pulls: list[PullView]


def _pulls() -> OnDemandPulls:
    return deps(router, ApiDependencies).pulls()


@router.post("/v1/programs/<program_id>/pulls", tags=TAGS, responses=ERROR_RESPONSES, status_code=202)
def start_pull(program_id: str, body: PullRequest | None = None) -> Response[PullView]:
    """Admin or manager: pull the program's Attribution reports now (optionally a backfill `from`..`to`).

    Answers 202 at once; follow `GET .../pulls/{pull_id}` until `status` is SUCCEEDED or FAILED.
    """
    pull = _pulls().start(principal(router), program_id, body or PullRequest())
    metrics.add_metric(name="PullsStarted", unit=MetricUnit.Count, value=1)
    return Response(202, content_type="application/json", body=PullView.of(pull))


@router.get("/v1/programs/<program_id>/pulls", tags=TAGS, responses=ERROR_RESPONSES)
def list_pulls(program_id: str) -> PullList:
    """The program's 20 most recent pulls, newest first."""
    pulls = _pulls().recent(principal(router), program_id)
    return PullList(pulls=[PullView.of(pull) for pull in pulls])


@router.get("/v1/programs/<program_id>/pulls/<pull_id>", tags=TAGS, responses=ERROR_RESPONSES)
def get_pull(program_id: str, pull_id: str) -> PullView:
    """A pull's status (RUNNING, SUCCEEDED, FAILED), pages and rows read, and entries appended."""
    return PullView.of(_pulls().get(principal(router), program_id, pull_id))
