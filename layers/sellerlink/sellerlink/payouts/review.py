"""What a brand does with a run: read it, approve the draft, export it, cancel a payout before it
is sent, download the files (a pre-signed URL), and read a partner's payouts across programs."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from pydantic import Field

from sellerlink.accounts.models import Principal
from sellerlink.accounts.permissions import require_admin, require_partner
from sellerlink.clock import Clock
from sellerlink.errors import Conflict, NotFound
from sellerlink.model import Model
from sellerlink.payouts.dal import PayoutStore, StateChanged
from sellerlink.payouts.entries import PayableEntries
from sellerlink.payouts.models import (
    SETTLED,
    Carried,
    FileFormat,
    PartnerPayout,
    Payout,
    PayoutRun,
    PayoutStatus,
    RunStatus,
)
from sellerlink.payouts.runs import RunTasks
from sellerlink.programs.dal import ProgramStore
from sellerlink.programs.logic import get_program
from sellerlink.programs.models import Program


class FileLinks(Protocol):
    def url(self, key: str) -> tuple[str, datetime]:
        """A pre-signed URL to download the object, and when it stops working."""
        ...


class FileLink(Model):
    format: FileFormat
    url: str = Field(description="Pre-signed: works without a key until `expires_at`.")
    expires_at: datetime
    rows: int
    total: str


@dataclass(frozen=True)
class RunReview:
    programs: ProgramStore
    payouts: PayoutStore
    entries: PayableEntries
    clock: Clock
    tasks: RunTasks

    def program(self, principal: Principal, program_id: str) -> Program:
        return get_program(self.programs, principal, program_id)

    def run(self, principal: Principal, program_id: str, run_id: str) -> PayoutRun:
        program = self.program(principal, program_id)
        return find_run(self.payouts, program, run_id)

    def runs(self, principal: Principal, program_id: str) -> list[PayoutRun]:
        program = self.program(principal, program_id)
        return sorted(self.payouts.runs(program.account_id, program_id), key=lambda r: r.month, reverse=True)

    def payouts_of(
        self, principal: Principal, program_id: str, run_id: str
    ) -> tuple[list[Payout], list[Carried]]:
        run = self.run(principal, program_id, run_id)
        return (
            self.payouts.payouts(run.account_id, program_id, run_id),
            self.payouts.carried(run.account_id, program_id, run_id),
        )

    def entries_of(self, principal: Principal, program_id: str, run_id: str, payout_id: str) -> list[str]:
        payout = self._payout(principal, program_id, run_id, payout_id)
        return self.entries.of_payout(payout.account_id, program_id, payout_id)

    def approve(self, principal: Principal, program_id: str, run_id: str) -> PayoutRun:
        require_admin(principal, "approve a payout run")
        run = self.run(principal, program_id, run_id)
        if run.status is not RunStatus.DRAFT:
            raise Conflict(f"Run {run_id} is {run.status}; only a draft can be approved.")
        return self._move(run, {RunStatus.DRAFT}, status=RunStatus.APPROVED, approved_at=self.clock.now())

    def export(self, principal: Principal, program_id: str, run_id: str) -> PayoutRun:
        require_admin(principal, "export a payout run")
        run = self.run(principal, program_id, run_id)
        if run.status not in (RunStatus.APPROVED, RunStatus.EXPORTED):
            raise Conflict(f"Run {run_id} is {run.status}; approve the draft, then export it.")
        run = self._move(run, {RunStatus.APPROVED, RunStatus.EXPORTED}, export_requested_at=self.clock.now())
        self.tasks.export(run.account_id, program_id, run_id)
        return run

    def cancel(self, principal: Principal, program_id: str, run_id: str, payout_id: str) -> Payout:
        """A pending payout is not paid after all: its entries go to the next run."""
        require_admin(principal, "cancel a payout")
        payout = self._payout(principal, program_id, run_id, payout_id)
        if payout.status is not PayoutStatus.PENDING:
            raise Conflict(f"Payout {payout_id} is {payout.status}; only a pending payout can be canceled.")
        try:
            canceled = self.payouts.move_payout(
                payout, PayoutStatus.PENDING, status=PayoutStatus.CANCELED, updated_at=self.clock.now()
            )
        except StateChanged:
            raise Conflict(f"Payout {payout_id} changed meanwhile; read it again.") from None
        release(self.payouts, self.entries, canceled)
        return canceled

    def file_link(
        self, principal: Principal, program_id: str, run_id: str, kind: FileFormat, links: FileLinks
    ) -> FileLink:
        if kind is not FileFormat.GENERIC:  # the provider and bank files hold the details whole
            require_admin(principal, "download files with full payout details")
        run = self.run(principal, program_id, run_id)
        found = next((f for f in run.files if f.format is kind), None)
        if found is None:
            raise Conflict(f"Run {run_id} has no {kind} file yet; export the approved run first.")
        url, expires_at = links.url(found.key)
        return FileLink(format=kind, url=url, expires_at=expires_at, rows=found.rows, total=str(found.total))

    def _payout(self, principal: Principal, program_id: str, run_id: str, payout_id: str) -> Payout:
        run = self.run(principal, program_id, run_id)
        payout = self.payouts.payout(run.account_id, program_id, run_id, payout_id)
        if payout is None:
            raise NotFound(f"There is no payout {payout_id} in run {run_id}.")
        return payout

    def _move(self, run: PayoutRun, expected: set[RunStatus], **changes: object) -> PayoutRun:
        try:
            return self.payouts.move_run(run, expected, **changes)
        except StateChanged:
            raise Conflict(f"Run {run.run_id} changed meanwhile; read it again.") from None


def find_run(store: PayoutStore, program: Program, run_id: str) -> PayoutRun:
    run = store.run(program.account_id, program.program_id, run_id)
    if run is None:
        raise NotFound(f"There is no payout run {run_id} in program {program.program_id}.")
    return run


def release(store: PayoutStore, entries: PayableEntries, payout: Payout) -> None:
    """A failed or canceled payout's entries go back to the next run."""
    earliest = entries.release(payout.account_id, payout.program_id, payout.payout_id)
    if earliest is not None:
        store.lower_floor(payout.account_id, payout.program_id, earliest)


def complete_if_settled(store: PayoutStore, run: PayoutRun, now: datetime) -> PayoutRun:
    """An exported run whose every payout is paid, failed or canceled is completed."""
    if run.status is not RunStatus.EXPORTED:
        return run
    if any(p.status not in SETTLED for p in store.payouts(run.account_id, run.program_id, run.run_id)):
        return run
    try:
        return store.move_run(run, {RunStatus.EXPORTED}, status=RunStatus.COMPLETED, completed_at=now)
    except StateChanged:
        return store.run(run.account_id, run.program_id, run.run_id) or run


def partner_payouts(store: PayoutStore, principal: Principal) -> list[PartnerPayout]:
    """GET /v1/partner/payouts: the partner's payouts in every program, newest first."""
    found = [PartnerPayout.of(p) for p in store.of_partner(require_partner(principal))]
    return sorted(found, key=lambda p: (p.date, p.payout_id), reverse=True)
