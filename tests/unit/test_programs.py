"""Seller program rules (logic and data access, moto in-process)."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from sellerlink.accounts import logic as accounts
from sellerlink.accounts.dal import AccountStore
from sellerlink.accounts.models import Account, Edition, Principal, PrincipalKind, Role
from sellerlink.clock import FixedClock
from sellerlink.errors import Conflict, Forbidden, NotFound, Unprocessable
from sellerlink.programs import logic as programs
from sellerlink.programs.dal import ProgramStore
from sellerlink.programs.models import ConnectionState, ProgramCreate, ProgramStatus, ProgramUpdate
from sellerlink.table import Table


class World:
    def __init__(self, table_name: str, clock: FixedClock) -> None:
        table = Table(table_name)
        self.accounts, self.programs, self.clock = AccountStore(table), ProgramStore(table), clock

    def account(self, edition: Edition = Edition.PRO, **kwargs: Any) -> tuple[Account, Principal]:
        account, _ = accounts.create_account(
            self.accounts, self.clock, name="Acme", edition=edition, **kwargs
        )
        return account, self.principal(account)

    @staticmethod
    def principal(account: Account, role: Role = Role.ADMIN) -> Principal:
        return Principal(kind=PrincipalKind.BRAND, account_id=account.account_id, role=role, key_id="key_x")

    def create(self, principal: Principal, marketplace: str = "US", **overrides: Any) -> Any:
        account = self.accounts.get(str(principal.account_id))
        assert account is not None
        request = ProgramCreate(
            **{
                "marketplace": marketplace,
                "seller_type": "3P",
                "brand_name": "Acme",
                "brand_registry": True,
                **overrides,
            }
        )
        return programs.create_program(self.programs, self.clock, principal, account, request)


@pytest.fixture
def world(table_name: str, clock: FixedClock) -> World:
    return World(table_name, clock)


def test_a_program_takes_its_marketplace_facts(world: World) -> None:
    _, admin = world.account()
    program = world.create(admin, "de")
    assert (program.marketplace, program.marketplace_id, program.site, program.currency, program.region) == (
        "DE",
        "A1PA6795UKMFR9",
        "amazon.de",
        "EUR",
        "EU",
    )
    assert program.status is ProgramStatus.ONBOARDING and program.lock_period_days == 32


def test_an_unsupported_marketplace_is_refused_with_the_supported_list(world: World) -> None:
    _, admin = world.account()
    with pytest.raises(
        Unprocessable, match=r"Marketplace 'JP' is not supported.*US, CA, MX, UK, DE, FR, IT, ES, NL"
    ):
        world.create(admin, "JP")


def test_a_second_program_on_the_same_marketplace_conflicts(world: World) -> None:
    _, admin = world.account()
    world.create(admin, "US")
    with pytest.raises(Conflict, match="already has a Seller program on US"):
        world.create(admin, "US")
    assert len(programs.list_programs(world.programs, admin)) == 1


def test_the_same_marketplace_in_two_accounts_is_fine(world: World) -> None:
    _, first = world.account()
    _, second = world.account()
    world.create(first, "US")
    assert world.create(second, "US").marketplace == "US"


def test_a_starter_account_not_enabled_is_told_to_contact_support(world: World) -> None:
    _, admin = world.account(Edition.STARTER)
    with pytest.raises(Forbidden, match="contact support"):
        world.create(admin)


def test_an_enabled_starter_account_is_self_service(world: World) -> None:
    account, admin = world.account(Edition.STARTER)
    accounts.enable_seller_programs(world.accounts, account.account_id)
    assert [world.create(admin, m).marketplace for m in ("US", "CA")] == ["US", "CA"]


def test_a_signed_up_account_gets_one_program_then_contact_support(world: World) -> None:
    account, _ = accounts.sign_up(world.accounts, world.clock, name="Acme", signup_allowed=True)
    admin = world.principal(account)
    world.create(admin, "US")
    with pytest.raises(Forbidden, match="contact support"):
        world.create(admin, "CA")
    assert [p.marketplace for p in programs.list_programs(world.programs, admin)] == ["US"]


@pytest.mark.parametrize("role", [Role.MANAGER, Role.VIEWER])
def test_only_admins_add_programs(world: World, role: Role) -> None:
    account, _ = world.account()
    with pytest.raises(Forbidden, match="ask an admin"):
        world.create(world.principal(account, role))


def test_brand_registry_must_be_attested(world: World) -> None:
    _, admin = world.account()
    with pytest.raises(Unprocessable, match="Brand Registry"):
        world.create(admin, brand_registry=False)


def test_another_accounts_program_is_not_found(world: World) -> None:
    _, owner = world.account()
    _, stranger = world.account()
    program = world.create(owner)
    with pytest.raises(NotFound):
        programs.get_program(world.programs, stranger, program.program_id)


def test_activation_names_every_missing_step(world: World) -> None:
    _, admin = world.account()
    program = world.create(admin)
    with pytest.raises(Conflict) as refused:
        programs.activate_program(world.programs, world.clock, admin, program.program_id)
    assert refused.value.extensions["missing_steps"] == [
        "connect_amazon_ads",
        "choose_ads_profile",
        "connect_selling_partner",
        "import_catalog",
        "set_default_terms",
    ]


def test_a_complete_checklist_activates_and_pause_stops(world: World) -> None:
    _, admin = world.account()
    program = world.create(admin)
    done = program.onboarding.model_copy(
        update={
            "amazon_ads": ConnectionState.CONNECTED,
            "ads_profile_id": "123",
            "selling_partner": ConnectionState.CONNECTED,
            "catalog_imported_at": world.clock.now(),
            "default_terms_set": True,
        }
    )
    world.programs.save(program.model_copy(update={"onboarding": done}))
    active = programs.activate_program(world.programs, world.clock, admin, program.program_id)
    assert active.status is ProgramStatus.ACTIVE
    assert [p.program_id for p in world.programs.by_status("active")] == [program.program_id]
    paused = programs.pause_program(world.programs, world.clock, admin, program.program_id)
    assert paused.status is ProgramStatus.PAUSED


def test_pausing_a_program_that_is_not_active_conflicts(world: World) -> None:
    _, admin = world.account()
    program = world.create(admin)
    with pytest.raises(Conflict, match="Only an active program can be paused"):
        programs.pause_program(world.programs, world.clock, admin, program.program_id)


def test_a_viewer_cannot_change_a_program(world: World) -> None:
    account, admin = world.account()
    program = world.create(admin)
    with pytest.raises(Forbidden, match="read-only"):
        programs.update_program(
            world.programs,
            world.clock,
            world.principal(account, Role.VIEWER),
            program.program_id,
            ProgramUpdate(name="x"),
        )


def test_a_manager_renames_a_program(world: World) -> None:
    account, admin = world.account()
    program = world.create(admin)
    manager = world.principal(account, Role.MANAGER)
    renamed = programs.update_program(
        world.programs,
        world.clock,
        manager,
        program.program_id,
        ProgramUpdate(name="Acme USA", lock_period_days=45),
    )
    assert (renamed.name, renamed.lock_period_days) == ("Acme USA", 45)
    assert programs.get_program(world.programs, admin, program.program_id).name == "Acme USA"


def test_a_lock_period_under_32_days_is_refused_with_the_reason() -> None:
    with pytest.raises(ValidationError) as refused:
        ProgramUpdate(lock_period_days=29)
    assert refused.value.errors()[0]["msg"].startswith(
        "must be at least 32 days: Amazon restates sales up to 28 days after the event"
    )
    assert ProgramUpdate(lock_period_days=32).lock_period_days == 32
