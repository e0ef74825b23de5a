"""Brand accounts (created by the operator or by public sign-up) and their API keys."""

from __future__ import annotations

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.api_gateway import Router
from pydantic import Field

from sellerlink.accounts import logic
from sellerlink.accounts.models import Account, ApiKey, Edition, IssuedKey, Role
from sellerlink.accounts.permissions import require_admin, require_brand, require_operator
from sellerlink.api.dependencies import ApiDependencies, deps, principal
from sellerlink.api.problems import ERROR_RESPONSES
from sellerlink.api.responses import created
from sellerlink.email.address import EmailAddress
from sellerlink.model import Model
from sellerlink.observability import MetricUnit, metrics

router = Router()


ADMIN_EMAIL = "The first admin's e-mail address (also the account's contact address); Sellerlink e-mails it."


class AccountCreate(Model):
    name: str = Field(min_length=1, max_length=100, description="The brand company's name.")
    edition: Edition = Edition.STARTER
    email: EmailAddress | None = Field(default=None, description=ADMIN_EMAIL)


class SignUp(Model):
    name: str = Field(min_length=1, max_length=100, description="The brand company's name.")
    email: EmailAddress | None = Field(default=None, description=ADMIN_EMAIL)


class AccountUpdate(Model):
    contact_email: EmailAddress | None = Field(
        description="The account's own address (null: none); e-mails to the brand's admins go here too."
    )


class KeyUpdate(Model):
    email: EmailAddress | None = Field(description="The address of the person holding the key (null: none).")


class AccountCreated(Model):
    account: Account
    admin_key: IssuedKey


class KeyCreate(Model):
    role: Role
    name: str = Field(min_length=1, max_length=100, description="Whose key this is, e.g. 'Dana (marketing)'.")
    email: EmailAddress | None = Field(
        default=None, description="Their e-mail address: admins' addresses receive the brand's e-mails."
    )


class KeyList(Model):
    keys: list[ApiKey]


@router.post("/v1/accounts", tags=["Accounts"], responses=ERROR_RESPONSES, status_code=201)
def create_account(body: AccountCreate) -> Response[AccountCreated]:
    """Operator: create a brand account; its first admin key is in the answer, once."""
    require_operator(principal(router))
    d = deps(router, ApiDependencies)
    account, key = logic.create_account(
        d.accounts, d.clock, name=body.name, edition=body.edition, email=body.email
    )
    metrics.add_metric(name="AccountsCreated", unit=MetricUnit.Count, value=1)
    return created(AccountCreated(account=account, admin_key=key))


@router.post("/v1/accounts/<account_id>/enable-seller-programs", tags=["Accounts"], responses=ERROR_RESPONSES)
def enable_seller_programs(account_id: str) -> Account:
    """Operator: let a starter account add Seller programs on its own."""
    require_operator(principal(router))
    return logic.enable_seller_programs(deps(router, ApiDependencies).accounts, account_id)


@router.post("/v1/signup", tags=["Accounts"], responses=ERROR_RESPONSES, status_code=201)
def sign_up(body: SignUp) -> Response[AccountCreated]:
    """Public sign-up, when the deployment allows it: a starter account with one self-service program."""
    d = deps(router, ApiDependencies)
    account, key = logic.sign_up(
        d.accounts, d.clock, name=body.name, signup_allowed=d.allow_signup, email=body.email
    )
    return created(AccountCreated(account=account, admin_key=key))


@router.get("/v1/account", tags=["Accounts"], responses=ERROR_RESPONSES)
def get_account() -> Account:
    """The caller's own account."""
    return logic.get_account(deps(router, ApiDependencies).accounts, require_brand(principal(router)))


@router.patch("/v1/account", tags=["Accounts"], responses=ERROR_RESPONSES)
def update_account(body: AccountUpdate) -> Account:
    """Admin: the account's contact address."""
    caller = principal(router)
    require_admin(caller, "change the account's contact address")
    return logic.set_contact_email(
        deps(router, ApiDependencies).accounts, str(caller.account_id), body.contact_email
    )


@router.post("/v1/keys", tags=["API keys"], responses=ERROR_RESPONSES, status_code=201)
def create_key(body: KeyCreate) -> Response[IssuedKey]:
    """Admin: a key for a user of this account. The key is shown once."""
    caller = principal(router)
    require_admin(caller, "create API keys")
    d = deps(router, ApiDependencies)
    key = logic.issue_key(
        d.accounts, d.clock, str(caller.account_id), role=body.role, name=body.name, email=body.email
    )
    return created(key)


@router.patch("/v1/keys/<key_id>", tags=["API keys"], responses=ERROR_RESPONSES)
def update_key(key_id: str, body: KeyUpdate) -> ApiKey:
    """Admin: the e-mail address of the person holding a key."""
    caller = principal(router)
    require_admin(caller, "change who holds a key")
    return logic.set_key_email(
        deps(router, ApiDependencies).accounts, str(caller.account_id), key_id, body.email
    )


@router.get("/v1/keys", tags=["API keys"], responses=ERROR_RESPONSES)
def list_keys() -> KeyList:
    """Admin: the account's keys, without their secrets."""
    caller = principal(router)
    require_admin(caller, "list API keys")
    return KeyList(keys=deps(router, ApiDependencies).accounts.list_keys(str(caller.account_id)))


@router.delete("/v1/keys/<key_id>", tags=["API keys"], responses=ERROR_RESPONSES)
def revoke_key(key_id: str) -> ApiKey:
    """Admin: revoke a key; the authorizer refuses it from now on."""
    caller = principal(router)
    require_admin(caller, "revoke API keys")
    d = deps(router, ApiDependencies)
    return logic.revoke_key(d.accounts, d.clock, str(caller.account_id), key_id)
