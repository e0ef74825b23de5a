"""Where a webhook may go: every special-purpose address form is refused, IPv4 carried inside IPv6
included, at registration (`check`) and again before each delivery (the same `check`)."""

from __future__ import annotations

from ipaddress import ip_address

import pytest

from sellerlink.errors import Unprocessable
from sellerlink.webhooks.addresses import embedded, refusal
from sellerlink.webhooks.postback import check_template
from sellerlink.webhooks.targets import TargetRefused, check
from tests.unit.test_webhooks import PUBLIC


@pytest.mark.parametrize(
    ("url", "detail"),
    [
        (
            "https://192.0.0.192/",
            "resolves to 192.0.0.192, an IETF protocol assignment, not a public address",
        ),
        ("https://192.0.0.9/", "resolves to 192.0.0.9, an IETF protocol assignment, not a public address"),
        (
            "https://[2002:a00:1::]/",
            "resolves to 2002:a00:1::, an address that carries 10.0.0.1, a private address",
        ),
        (
            "https://[2002:a9fe:a9fe::]/",
            "2002:a9fe:a9fe::, an address that carries 169.254.169.254, the cloud metadata address",
        ),
        (
            "https://[2001:0:4136:e378:8000:63bf:f5ff:fffe]/",
            "an address that carries 10.0.0.1, a private address",
        ),
        ("https://[64:ff9b::a00:1]/", "an address that carries 10.0.0.1, a private address"),
        ("https://[::ffff:127.0.0.1]/", "an address that carries 127.0.0.1, a loopback address"),
        ("https://[::a00:1]/", "an address that carries 10.0.0.1, a private address"),
        ("https://100.64.0.1/", "a shared (carrier-grade NAT) address"),
        ("https://[fd00::1]/", "a private (unique local) address"),
        ("https://[4000::1]/", "not a public (global unicast) address"),
        ("https://93.184.216.34:0/", "The URL's port is 0; give a port between 1 and 65535, or none."),
    ],
)
def test_these_forms_are_refused(url: str, detail: str) -> None:
    with pytest.raises(TargetRefused) as refused:
        check(url, local_mode=False, resolver=PUBLIC)
    assert refused.value.status == 422
    assert detail in refused.value.detail


@pytest.mark.parametrize("url", ["http://[::1/", "https://hooks.example:99999/", "https://hooks.example:x/"])
def test_a_malformed_url_is_422_not_500(url: str) -> None:
    with pytest.raises(TargetRefused) as refused:
        check(url, local_mode=False, resolver=PUBLIC)
    assert refused.value.detail.startswith(f"{url!r} is not a valid URL (")


def test_a_malformed_postback_template_is_422() -> None:
    with pytest.raises(Unprocessable) as refused:
        check_template("http://[::1/?amount={amount}")
    assert refused.value.detail == (
        "'http://[::1/?amount={amount}' is not a valid URL (Invalid IPv6 URL); "
        "give a URL such as https://host/path?amount={amount}."
    )


def test_public_addresses_and_their_ipv6_carriers_pass() -> None:
    for text in ("93.184.216.34", "2606:2800:220:1::1", "2002:5db8:d822::1", "64:ff9b::5db8:d822"):
        assert refusal(ip_address(text), local_mode=False) is None, text


def test_teredo_carries_its_server_and_its_obfuscated_client() -> None:
    assert [str(a) for a in embedded(ip_address("2001:0:4136:e378:8000:63bf:f5ff:fffe"))] == [
        "65.54.227.120",
        "10.0.0.1",
    ]
