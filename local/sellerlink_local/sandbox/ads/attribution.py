"""Attribution API routes: advertisers, publishers, tags and reports."""

from __future__ import annotations

from werkzeug.wrappers import Request, Response

from ..state import SandboxState
from ..web import SandboxError, json_response, maas_error, read_json
from .auth import attribution_profile
from .report_query import InvalidReportRequest, parse_report_request
from .report_rows import ReportContext, report_page, top_products
from .tracking import PUBLISHERS, tag_for


def advertisers(state: SandboxState, request: Request, region: str) -> Response:
    _, scoped = attribution_profile(state, request, region)
    return json_response(
        {"advertisers": [{"advertiserId": scoped.advertiser_id, "advertiserName": scoped.account_name}]}
    )


def publishers(state: SandboxState, request: Request, region: str) -> Response:
    attribution_profile(state, request, region)
    return json_response(
        {
            "publisher": [
                {"id": pid, "name": name, "macroEnabled": macro} for pid, (name, macro) in PUBLISHERS.items()
            ]
        }
    )


def tags(state: SandboxState, request: Request, region: str, macro: bool) -> Response:
    """Tags per advertiser and publisher; requesting them turns measurement on for the profile."""
    _, scoped = attribution_profile(state, request, region)
    publisher_ids = _list_param(request, "publisherIds")
    if not publisher_ids:
        return maas_error(400, "publisherIds is required")
    for pid in publisher_ids:
        if pid not in PUBLISHERS or (macro and not PUBLISHERS[pid][1]):
            return maas_error(
                400, f"Publisher {pid} is not supported for {'macro' if macro else 'non-macro'} tags"
            )
    advertiser_ids = _list_param(request, "advertiserIds")
    if any(a != scoped.advertiser_id for a in advertiser_ids):
        return maas_error(400, "Invalid advertiser identifier for this profile")
    with state.lock:
        scoped.measurement_on = True
    tag_map = {pid: tag_for(scoped.advertiser_id, pid, macro) for pid in publisher_ids}
    return json_response({"advertiserAttributionTagMap": {scoped.advertiser_id: tag_map}})


def _list_param(request: Request, name: str) -> list[str]:
    values: list[str] = []
    for raw in request.args.getlist(name):
        values.extend(part.strip() for part in raw.split(",") if part.strip())
    return values


def report(state: SandboxState, request: Request, region: str) -> Response:
    caller, scoped = attribution_profile(state, request, region)
    now = state.clock.now()
    try:
        query = parse_report_request(
            read_json(request), scoped.profile_id, scoped.advertiser_id, caller.brand.brb_enrolled, now.date()
        )
    except SandboxError:
        return maas_error(400, "Request body is not valid JSON")
    except InvalidReportRequest as error:
        return maas_error(400, str(error))
    now_ts = int(now.timestamp())
    with state.lock:
        facts = state.store.facts(scoped.profile_id)
        ctx = ReportContext(
            store=state.store,
            facts=facts,
            advertiser_name=scoped.account_name,
            site=scoped.marketplace.site,
            now=now_ts,
            items=state.items,
            top_products=lambda: _top_products(
                state, scoped.profile_id, query.start_day, query.end_day, now_ts
            ),
        )
        rows, cursor = report_page(query, ctx)
    # The last page (and a one-page report) says `"cursorId": null`: clients such as
    # python-amazon-ad-api read the key on every page.
    return json_response({"reports": rows, "size": len(rows), "cursorId": cursor or None})


_TOP_CACHE: dict[tuple[int, int, int, int, int, int], set[tuple[str, str]]] = {}


def _top_products(
    state: SandboxState, profile_id: int, first: int, last: int, now: int
) -> set[tuple[str, str]]:
    key = (id(state.store), state.store.version, profile_id, first, last, now // 60)
    found = _TOP_CACHE.get(key)
    if found is None:
        _TOP_CACHE.clear()
        found = _TOP_CACHE[key] = top_products(state.store, state.store.facts(profile_id), first, last, now)
    return found
