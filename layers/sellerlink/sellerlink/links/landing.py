"""Landing pages: an ASIN's detail page, or a URL of the program's Amazon site made clean.

A partner's URL loses its `tag=` and `ref_`/`ref` parameters (an Associates tag cannot be
combined with an Attribution link), any `/ref=...` path segment, and any earlier Attribution
parameters. A product URL in any of Amazon's shapes becomes `https://www.<site>/dp/<ASIN>`, so
variants of one product page give one link.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode, urlsplit

from sellerlink.errors import Unprocessable
from sellerlink.marketplaces import MARKETPLACES

ASIN = re.compile(r"^[A-Z0-9]{10}$")
PRODUCT_PATH = re.compile(r"/(?:dp|gp/product|gp/aw/d)/([A-Za-z0-9]{10})(?=/|$)")
DROPPED = frozenset({"tag", "ref", "ref_", "maas", "aa_campaignid", "aa_adgroupid", "aa_creativeid"})
SITES = {m.site: m.code for m in MARKETPLACES.values()}
ASSOCIATES_TAG = (
    "An Associates tag cannot be combined with an Amazon Attribution link: Amazon would credit one or "
    "the other. Send the URL without keep_associates_tag; Sellerlink removes the tag."
)


@dataclass(frozen=True)
class LandingPage:
    url: str
    asin: str | None


def detail_page(site: str, asin: str) -> LandingPage:
    return LandingPage(f"https://www.{site}/dp/{asin}", asin)


def normalize_asin(raw: str) -> str:
    asin = raw.strip().upper()
    if not ASIN.match(asin):
        raise Unprocessable(f"'{raw}' is not an ASIN (10 letters and digits, e.g. B08N5WRWNW).")
    return asin


def asin_named(asin: str | None, url: str | None) -> str | None:
    """The ASIN a request plainly names (as an ASIN, or in a product URL), to be read with the rest
    of the request; None when it names none. Nothing is refused here: `normalize_asin` and
    `from_url` do that, with their reasons."""
    if asin is not None:
        candidate = asin.strip().upper()
        return candidate if ASIN.match(candidate) else None
    try:
        path = urlsplit((url or "").strip()).path
    except ValueError:
        return None
    product = PRODUCT_PATH.search(re.sub(r"/ref=[^/]*", "", path) or "/")
    return product.group(1).upper() if product else None


def from_url(site: str, raw: str, keep_associates_tag: bool = False) -> LandingPage:
    if keep_associates_tag:
        raise Unprocessable(ASSOCIATES_TAG)
    parts = urlsplit(raw.strip())
    host = (parts.hostname or "").lower()
    bare = host.removeprefix("www.")
    if parts.scheme not in ("http", "https") or not host:
        raise Unprocessable(
            f"'{raw}' is not a web address; send a URL of www.{site}, an ASIN, or a Store page."
        )
    if bare != site:
        raise Unprocessable(_wrong_site(raw, bare, site))
    path = re.sub(r"/ref=[^/]*", "", parts.path) or "/"
    product = PRODUCT_PATH.search(path)
    if product:
        return detail_page(site, product.group(1).upper())
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k.lower() not in DROPPED]
    return LandingPage(f"https://www.{site}{path}" + (f"?{urlencode(query)}" if query else ""), None)


def _wrong_site(raw: str, host: str, site: str) -> str:
    if host in SITES:
        return (
            f"'{raw}' is on {host} ({SITES[host]}), but this program runs on {site}: "
            "Amazon credits a click only "
            "on the program's own marketplace. Use the program for that marketplace."
        )
    return f"'{raw}' is not an Amazon URL of this program; links can only point to www.{site}."
