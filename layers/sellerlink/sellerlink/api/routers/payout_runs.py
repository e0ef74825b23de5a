"""Payout runs: ask for the month's run, read it, approve it, export its files, download them,
apply the provider's results, cancel a payout before it is sent."""

from __future__ import annotations

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.api_gateway import Router

from sellerlink.api.dependencies import PayoutDependencies, deps, principal
from sellerlink.api.problems import ERROR_RESPONSES
from sellerlink.model import Model
from sellerlink.observability import MetricUnit, metrics
from sellerlink.payouts.models import Carried, FileFormat, Payout, ResultsApplied, RunRequest, RunView
from sellerlink.payouts.results import parse
from sellerlink.payouts.review import FileLink

router = Router()
TAGS = ["Payouts"]
RUN = "/v1/programs/<program_id>/payout-runs/<run_id>"


class RunList(Model):
    runs: list[RunView]


class RunDetail(Model):
    run: RunView
    payouts: list[Payout]
    carried: list[Carried]


class PayoutEntries(Model):
    payout_id: str
    entry_ids: list[str]


def _deps() -> PayoutDependencies:
    return deps(router, PayoutDependencies)


def _view(run: object) -> RunView:
    return RunView.model_validate(run, from_attributes=True)


@router.post("/v1/programs/<program_id>/payout-runs", tags=TAGS, responses=ERROR_RESPONSES)
def start_run(program_id: str, body: RunRequest) -> Response[RunView]:
    """Admin: the month's run, built in the background from locked, unpaid entries up to the
    month's end (201, `building`, then `draft`). Asking again answers the same run (200)."""
    run, created = _deps().requests.request(principal(router), program_id, body.month)
    if created:
        metrics.add_metric(name="PayoutRunsStarted", unit=MetricUnit.Count, value=1)
    return Response(201 if created else 200, content_type="application/json", body=_view(run))


@router.get("/v1/programs/<program_id>/payout-runs", tags=TAGS, responses=ERROR_RESPONSES)
def list_runs(program_id: str) -> RunList:
    """The program's runs, newest month first."""
    return RunList(runs=[_view(r) for r in _deps().review.runs(principal(router), program_id)])


@router.get(RUN, tags=TAGS, responses=ERROR_RESPONSES)
def get_run(program_id: str, run_id: str) -> RunDetail:
    """A run with its payouts (details masked) and the partners it carried, with the reason."""
    review, caller = _deps().review, principal(router)
    run = review.run(caller, program_id, run_id)
    payouts, carried = review.payouts_of(caller, program_id, run_id)
    return RunDetail(run=_view(run), payouts=payouts, carried=carried)


@router.post(f"{RUN}/approve", tags=TAGS, responses=ERROR_RESPONSES)
def approve_run(program_id: str, run_id: str) -> RunView:
    """Admin: approve a draft run."""
    return _view(_deps().review.approve(principal(router), program_id, run_id))


@router.post(f"{RUN}/export", tags=TAGS, responses=ERROR_RESPONSES)
def export_run(program_id: str, run_id: str) -> Response[RunView]:
    """Admin: write the approved run's files (202); the run turns `exported` when they are ready."""
    run = _deps().review.export(principal(router), program_id, run_id)
    return Response(202, content_type="application/json", body=_view(run))


@router.get(f"{RUN}/files/<file_format>", tags=TAGS, responses=ERROR_RESPONSES)
def get_file(program_id: str, run_id: str, file_format: FileFormat) -> FileLink:
    """A pre-signed URL (15 minutes) to download one of the exported files: generic (details
    masked; any brand key), or paypal, wise, bank (full details; admins only)."""
    d = _deps()
    return d.review.file_link(principal(router), program_id, run_id, file_format, d.links())


@router.post(f"{RUN}/results", tags=TAGS, responses=ERROR_RESPONSES)
def apply_results(program_id: str, run_id: str) -> ResultsApplied:
    """Admin: the provider's result file (`Content-Type: text/csv`, a header row; PayPal's
    Customer ID or Wise's paymentReference name the payout) or a JSON list of
    `{payout_id, status, reference}` (status `paid` or `failed`; optional `amount`, `currency`,
    `paid_on`, `reason`). Rows that cannot apply are refused one by one with the reason."""
    caller, event = principal(router), router.current_event
    rows = parse(event.decoded_body or "", event.headers.get("content-type") or "application/json")
    outcome = _deps().reconciliation().apply(caller, program_id, run_id, rows)
    metrics.add_metric(name="PayoutResultsApplied", unit=MetricUnit.Count, value=len(outcome.applied))
    return outcome


@router.get(f"{RUN}/payouts/<payout_id>/entries", tags=TAGS, responses=ERROR_RESPONSES)
def payout_entries(program_id: str, run_id: str, payout_id: str) -> PayoutEntries:
    """The ids of the ledger entries a payout pays."""
    ids = _deps().review.entries_of(principal(router), program_id, run_id, payout_id)
    return PayoutEntries(payout_id=payout_id, entry_ids=ids)


@router.post(f"{RUN}/payouts/<payout_id>/cancel", tags=TAGS, responses=ERROR_RESPONSES)
def cancel_payout(program_id: str, run_id: str, payout_id: str) -> Payout:
    """Admin: do not pay a pending payout after all; its entries go to the next run."""
    return _deps().review.cancel(principal(router), program_id, run_id, payout_id)
