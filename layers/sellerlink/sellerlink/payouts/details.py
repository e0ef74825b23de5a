"""What each payout method needs, checked as a bank or provider would check it, and the masked
form every answer shows (the last characters only)."""

from __future__ import annotations

import re

from sellerlink.errors import Unprocessable
from sellerlink.payouts.models import PayoutDetails, PayoutMethod, ProfileInput

COUNTRY = re.compile(r"^[A-Z]{2}$")
CURRENCY = re.compile(r"^[A-Z]{3}$")
IBAN = re.compile(r"^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$")
BIC = re.compile(r"^[A-Z]{4}[A-Z]{2}[A-Z0-9]{2}([A-Z0-9]{3})?$")
EMAIL = re.compile(r"^[^@\s,]+@[^@\s,]+\.[^@\s,]+$")
FIELDS = {
    PayoutMethod.BANK_TRANSFER: {"account_holder", "iban", "bic", "account_number", "routing_number"},
    PayoutMethod.PAYPAL: {"paypal_email"},
    PayoutMethod.WISE: {"wise_recipient_id"},
    PayoutMethod.OTHER: {"instructions"},
}
SECRET_FIELDS = ("iban", "bic", "account_number", "routing_number", "paypal_email", "wise_recipient_id")


def checked(profile: ProfileInput) -> ProfileInput:
    """The profile with its details normalized (IBAN without spaces, upper case), or 422."""
    if not COUNTRY.match(profile.country):
        raise Unprocessable(f"country '{profile.country}' is not an ISO 3166 code of two capitals, e.g. DE.")
    if not CURRENCY.match(profile.currency):
        raise Unprocessable(
            f"currency '{profile.currency}' is not an ISO 4217 code of three capitals, e.g. EUR."
        )
    given = {name for name, value in profile.details.model_dump().items() if value not in (None, "")}
    foreign = sorted(given - FIELDS[profile.method])
    if foreign:
        raise Unprocessable(
            f"{', '.join(foreign)} is not used by {profile.method}; send only its own details."
        )
    details = CHECKS[profile.method](profile.details)
    return profile.model_copy(update={"details": details})


def _bank(details: PayoutDetails) -> PayoutDetails:
    if not details.account_holder:
        raise Unprocessable("A bank transfer needs account_holder: the name on the bank account.")
    if details.iban:
        return _iban(details)
    if details.account_number or details.routing_number:
        return _us_account(details)
    raise Unprocessable("A bank transfer needs iban and bic, or account_number and routing_number.")


def _iban(details: PayoutDetails) -> PayoutDetails:
    iban = (details.iban or "").replace(" ", "").upper()
    if not IBAN.match(iban) or not iban_checksum_holds(iban):
        raise Unprocessable(
            "The IBAN is not valid (its check digits do not match); copy it again from the bank."
        )
    bic = (details.bic or "").replace(" ", "").upper()
    if not BIC.match(bic):
        raise Unprocessable("The BIC must be 8 or 11 letters and digits, e.g. DEUTDEFF.")
    if details.account_number or details.routing_number:
        raise Unprocessable("Send iban and bic, or account_number and routing_number, not both.")
    return details.model_copy(update={"iban": iban, "bic": bic})


def _us_account(details: PayoutDetails) -> PayoutDetails:
    routing = details.routing_number or ""
    if not re.fullmatch(r"\d{9}", routing) or not aba_checksum_holds(routing):
        raise Unprocessable("The routing number must be the bank's 9-digit ABA number; check its digits.")
    if not re.fullmatch(r"\d{4,17}", details.account_number or ""):
        raise Unprocessable("The account number must be 4 to 17 digits.")
    if details.bic:
        raise Unprocessable("Send iban and bic, or account_number and routing_number, not both.")
    return details


def _paypal(details: PayoutDetails) -> PayoutDetails:
    email = (details.paypal_email or "").strip()
    if not EMAIL.match(email):
        raise Unprocessable("PayPal needs paypal_email: the e-mail address of the PayPal account.")
    return details.model_copy(update={"paypal_email": email})


def _wise(details: PayoutDetails) -> PayoutDetails:
    if not re.fullmatch(r"\d{1,20}", details.wise_recipient_id or ""):
        raise Unprocessable(
            "Wise needs wise_recipient_id: the number of the recipient in the brand's Wise account."
        )
    return details


def _other(details: PayoutDetails) -> PayoutDetails:
    if not (details.instructions or "").strip():
        raise Unprocessable("The method 'other' needs instructions: how the brand should pay you.")
    return details


CHECKS = {
    PayoutMethod.BANK_TRANSFER: _bank,
    PayoutMethod.PAYPAL: _paypal,
    PayoutMethod.WISE: _wise,
    PayoutMethod.OTHER: _other,
}


def iban_checksum_holds(iban: str) -> bool:
    """ISO 13616: the country and check digits moved to the end, letters as numbers, mod 97 is 1."""
    moved = iban[4:] + iban[:4]
    return int("".join(str(int(char, 36)) for char in moved)) % 97 == 1


def aba_checksum_holds(routing: str) -> bool:
    """ABA routing numbers: 3·(d1+d4+d7) + 7·(d2+d5+d8) + (d3+d6+d9) is a multiple of 10."""
    d = [int(char) for char in routing]
    return (3 * (d[0] + d[3] + d[6]) + 7 * (d[1] + d[4] + d[7]) + d[2] + d[5] + d[8]) % 10 == 0


def masked(details: PayoutDetails) -> PayoutDetails:
    """Each secret detail reduced to its last four characters (an e-mail: its first letter and
    domain); the account holder's name and instructions are not bank details and stay readable."""
    changes: dict[str, str] = {}
    for name in SECRET_FIELDS:
        value = getattr(details, name)
        if value:
            changes[name] = _mask_email(value) if name == "paypal_email" else _mask(value)
    return details.model_copy(update=changes)


def _mask(value: str) -> str:
    return "•" * 4 + value[-4:] if len(value) > 6 else "•" * len(value)


def _mask_email(email: str) -> str:
    user, _, domain = email.partition("@")
    return f"{user[:1]}•••@{domain}"


def summary(details: PayoutDetails) -> str:
    """One line of masked details for a file or a list, e.g. `iban ••••3000 bic ••••DEFF`."""
    values = details.model_dump(exclude_none=True)
    return " ".join(f"{name} {value}" for name, value in values.items() if name in SECRET_FIELDS)
