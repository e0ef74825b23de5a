"""The terms editor's fields and the API's `TermsRequest`: rows of payout groups and promotions,
each row a set of fields named `<kind>-<n>-<field>`; a row left blank is no row."""

from __future__ import annotations

from typing import Any

from sellerlink.dashboard.forms import words
from sellerlink.dashboard.web import Form
from sellerlink.terms.models import TermsVersion

GROUP_FIELDS = ("name", "asins", "type", "value")
PROMOTION_FIELDS = ("name", "start", "end", "asins", "type", "value")
BLANK_ROWS = 1


def _one(form: Form, name: str) -> str:
    values = form.get(name)
    return values[0].strip() if values else ""


def _rows(form: Form, kind: str, fields: tuple[str, ...]) -> list[dict[str, str]]:
    count = sum(1 for name in form if name.startswith(f"{kind}-") and name.endswith("-name"))
    rows = []
    for index in range(count):
        row = {field: _one(form, f"{kind}-{index}-{field}") for field in fields}
        if any(value for key, value in row.items() if key != "type"):
            rows.append(row)
    return rows


def _payout(row: dict[str, str]) -> dict[str, str]:
    return {"type": row["type"], "value": row["value"]}


def request_of(form: Form) -> dict[str, Any]:
    """The body `PUT /v1/programs/{id}/terms` would receive, from the editor's fields."""
    groups = [
        {"name": r["name"], "asins": words(r["asins"]), "payout": _payout(r)}
        for r in _rows(form, "group", GROUP_FIELDS)
    ]
    promotions = [
        {
            "name": r["name"],
            "start": r["start"] or None,
            "end": r["end"] or None,
            "asins": words(r["asins"]),
            "payout": _payout(r),
        }
        for r in _rows(form, "promo", PROMOTION_FIELDS)
    ]
    return {
        "default": {"type": _one(form, "default-type"), "value": _one(form, "default-value")},
        "payout_groups": groups,
        "promotions": promotions,
        "effective_date": _one(form, "effective_date") or None,
    }


def fields_of(version: TermsVersion | None) -> dict[str, Any]:
    """The editor's values: the version in force (or nothing yet), with a blank row of each kind."""
    if version is None:
        return {"default": {"type": "percent", "value": ""}, "groups": [{}], "promotions": [{}]}
    groups = [
        {"name": g.name, "asins": " ".join(g.asins), "type": g.payout.type, "value": g.payout.value}
        for g in version.payout_groups
    ]
    promotions = [
        {
            "name": p.name,
            "start": p.start,
            "end": p.end,
            "asins": " ".join(p.asins),
            "type": p.payout.type,
            "value": p.payout.value,
        }
        for p in version.promotions
    ]
    return {
        "default": {"type": version.default.type, "value": version.default.value},
        "groups": groups + [{}] * BLANK_ROWS,
        "promotions": promotions + [{}] * BLANK_ROWS,
    }


def fields_from(form: Form) -> dict[str, Any]:
    """The editor's values as sent, so a refused form comes back as the person typed it."""
    groups = _rows(form, "group", GROUP_FIELDS)
    promotions = _rows(form, "promo", PROMOTION_FIELDS)
    return {
        "default": {"type": _one(form, "default-type"), "value": _one(form, "default-value")},
        "groups": groups + [{}] * BLANK_ROWS,
        "promotions": promotions + [{}] * BLANK_ROWS,
        "effective_date": _one(form, "effective_date"),
    }
