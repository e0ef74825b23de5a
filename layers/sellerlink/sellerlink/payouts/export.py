"""The export (the payout worker): the approved run's files written to the exports bucket, the
payouts sent to a provider marked `processing`, the run `exported`. Only this step opens the
partners' sealed details (kms:Decrypt, purpose payout-details), and only to write the files."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from sellerlink.clock import Clock
from sellerlink.connections.cipher import TokenCipher
from sellerlink.partners.dal import PartnerStore
from sellerlink.payouts.dal import PayoutStore, StateChanged
from sellerlink.payouts.files import Payee, run_files
from sellerlink.payouts.models import (
    ExportedFile,
    Payout,
    PayoutMethod,
    PayoutProfile,
    PayoutRun,
    PayoutStatus,
    RunStatus,
)
from sellerlink.payouts.profiles import open_details
from sellerlink.payouts.review import complete_if_settled
from sellerlink.payouts.runs import task_subject
from sellerlink.programs.dal import ProgramStore

SENT = (PayoutStatus.PENDING, PayoutStatus.PROCESSING)


class FileDrop(Protocol):
    def put(self, key: str, text: str) -> None:
        """Stores a CSV file (private, encrypted, expiring with the bucket's lifecycle)."""
        ...


def file_key(run: PayoutRun, kind: str) -> str:
    return f"{run.account_id}/{run.program_id}/{run.run_id}/{kind}-{run.program_id}-{run.run_id}.csv"


@dataclass(frozen=True)
class RunExporter:
    programs: ProgramStore
    payouts: PayoutStore
    partners: PartnerStore
    cipher: TokenCipher
    files: FileDrop
    clock: Clock

    def export(self, account_id: str, program_id: str, run_id: str) -> PayoutRun:
        run, program = task_subject(self.programs, self.payouts, account_id, program_id, run_id)
        if run.status not in (RunStatus.APPROVED, RunStatus.EXPORTED):
            return run
        payouts = [p for p in self.payouts.payouts(account_id, program_id, run_id) if p.status in SENT]
        names = {m.partner_id: m.partner_name for m in self.partners.of_program(account_id, program_id)}
        profiles = self.payouts.profiles([p.partner_id for p in payouts])
        payees = [
            self._payee(p, names.get(p.partner_id, p.partner_id), profiles.get(p.partner_id)) for p in payouts
        ]
        exported = []
        for made in run_files(payees, program.name):
            key = file_key(run, made.format.value)
            self.files.put(key, made.text)
            exported.append(ExportedFile(format=made.format, key=key, rows=made.rows, total=made.total))
        now = self.clock.now()
        for payout in payouts:
            if payout.status is PayoutStatus.PENDING:
                self._processing(payout)
        try:
            run = self.payouts.move_run(
                run,
                {RunStatus.APPROVED, RunStatus.EXPORTED},
                status=RunStatus.EXPORTED,
                files=exported,
                exported_at=now,
            )
        except StateChanged:
            return self.payouts.run(account_id, program_id, run_id) or run
        return complete_if_settled(self.payouts, run, now)

    def _payee(self, payout: Payout, name: str, profile: PayoutProfile | None) -> Payee:
        """Unmasked details only where a provider or bank file needs them and the profile still
        has the payout's method (a partner who changed method is paid by the generic file)."""
        wanted = (
            payout.method is not PayoutMethod.OTHER
            and profile is not None
            and profile.method is payout.method
        )
        details = open_details(self.cipher, profile) if wanted and profile else None
        return Payee(payout, name, profile, details)

    def _processing(self, payout: Payout) -> None:
        try:
            self.payouts.move_payout(
                payout, PayoutStatus.PENDING, status=PayoutStatus.PROCESSING, updated_at=self.clock.now()
            )
        except StateChanged:  # canceled meanwhile: it stays out of the provider's hands
            return
