"""What creating links reads, in as few DynamoDB round trips as it can: the caller's key, the
program, its partner policy, the partner's membership and the products, all in one BatchGetItem
(100 keys to a request, so a bulk request's products take more).

A partner names a program by its id alone; its account is found by the partner policy's index
(one Query) and remembered: a program never changes account, and its policy, once written, is
never deleted (the policy is read again with the rest, so a program stays closed until it has one).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, field

from sellerlink.catalog.dal import product_key
from sellerlink.catalog.models import Product
from sellerlink.links.dal import BATCHES_IN_FLIGHT
from sellerlink.partners.dal import PartnerStore, membership_key, policy_key
from sellerlink.partners.models import Membership
from sellerlink.programs.dal import program_key
from sellerlink.programs.models import Program
from sellerlink.table import Item, Table

REMEMBERED_PROGRAMS = 10_000  # a few hundred KB at most


@dataclass(frozen=True)
class IssueRecords:
    """What one request to create links read (None or absent: not there, or not asked for)."""

    key: Item | None = None
    program: Program | None = None
    open_to_partners: bool = False
    membership: Membership | None = None
    products: dict[str, Product] = field(default_factory=dict)


class IssueReader:
    def __init__(self, table: Table, partners: PartnerStore) -> None:
        self._table = table
        self._partners = partners
        self._accounts: OrderedDict[str, str] = OrderedDict()

    def account_of(self, program_id: str) -> str | None:
        """The account of a program open to partners, by the program's id alone."""
        account_id = self._accounts.get(program_id)
        if account_id is None:
            policy = self._partners.find_policy(program_id)
            if policy is None:
                return None
            account_id = self._accounts[program_id] = policy.account_id
            if len(self._accounts) > REMEMBERED_PROGRAMS:
                self._accounts.popitem(last=False)
        self._accounts.move_to_end(program_id)
        return account_id

    def read(
        self,
        key: tuple[str, str] | None,
        account_id: str | None,
        program_id: str,
        partner_id: str | None,
        asins: Sequence[str] = (),
    ) -> IssueRecords:
        """`key`: where the caller's stored key lies; without an account only that key is read."""
        wanted = [key] if key else []
        if account_id:
            wanted += [program_key(account_id, program_id), policy_key(account_id, program_id)]
            wanted += [membership_key(account_id, program_id, partner_id)] if partner_id else []
            wanted += [product_key(account_id, program_id, asin) for asin in dict.fromkeys(asins)]
        items = self._table.get_many(wanted, workers=BATCHES_IN_FLIGHT) if wanted else []
        found = {(item["PK"], item["SK"]): item for item in items}
        if not account_id:
            return IssueRecords(key=found.get(key) if key else None)
        program = found.get(program_key(account_id, program_id))
        membership = found.get(membership_key(account_id, program_id, partner_id)) if partner_id else None
        products = (found.get(product_key(account_id, program_id, asin)) for asin in asins)
        return IssueRecords(
            key=found.get(key) if key else None,
            program=Program.model_validate(program) if program else None,
            open_to_partners=policy_key(account_id, program_id) in found,
            membership=Membership.model_validate(membership) if membership else None,
            products={item["asin"]: Product.model_validate(item) for item in products if item},
        )
