"""Which IP addresses may receive webhooks: public unicast only, judged from the IANA special-purpose
address registries (RFC 6890 and its updates) rather than from `ipaddress`'s flags, which have
called some of these global in some Python versions (192.0.0.0/24 in 3.11, 6to4 in all).

An IPv6 address that carries an IPv4 address (IPv4-mapped, IPv4-compatible, NAT64, 6to4, Teredo)
is judged by the IPv4 address it carries as well: `[2002:a00:1::]` reaches 10.0.0.1.
"""

from __future__ import annotations

from ipaddress import IPv4Address, IPv4Network, IPv6Address, IPv6Network, ip_network

Address = IPv4Address | IPv6Address

METADATA = {IPv4Address("169.254.169.254"), IPv6Address("fd00:ec2::254")}
LOOPBACK = (ip_network("127.0.0.0/8"), ip_network("::1/128"))

# (network, what it is); the first that holds an address names why it is refused.
SPECIAL_V4: tuple[tuple[IPv4Network, str], ...] = tuple(
    (IPv4Network(net), reason)
    for net, reason in (
        ("0.0.0.0/8", "an unspecified address"),
        ("10.0.0.0/8", "a private address"),
        ("100.64.0.0/10", "a shared (carrier-grade NAT) address"),
        ("169.254.0.0/16", "a link-local address"),
        ("172.16.0.0/12", "a private address"),
        ("192.0.0.0/24", "an IETF protocol assignment, not a public address"),
        ("192.0.2.0/24", "a documentation address"),
        ("192.88.99.0/24", "a 6to4 relay address"),
        ("192.168.0.0/16", "a private address"),
        ("198.18.0.0/15", "a benchmarking address"),
        ("198.51.100.0/24", "a documentation address"),
        ("203.0.113.0/24", "a documentation address"),
        ("224.0.0.0/4", "a multicast address"),
        ("240.0.0.0/4", "a reserved address"),
    )
)
SPECIAL_V6: tuple[tuple[IPv6Network, str], ...] = tuple(
    (IPv6Network(net), reason)
    for net, reason in (
        ("::/128", "an unspecified address"),
        ("64:ff9b:1::/48", "a local-use NAT64 address"),
        ("100::/64", "a discard-only address"),
        ("2001:db8::/32", "a documentation address"),
        ("2001::/23", "an IETF protocol assignment, not a public address"),
        ("3fff::/20", "a documentation address"),
        ("5f00::/16", "a segment-routing address"),
        ("fc00::/7", "a private (unique local) address"),
        ("fe80::/10", "a link-local address"),
        ("fec0::/10", "a site-local address"),
        ("ff00::/8", "a multicast address"),
    )
)
GLOBAL_UNICAST = IPv6Network("2000::/3")
TEREDO = IPv6Network("2001::/32")
NAT64 = IPv6Network("64:ff9b::/96")
COMPATIBLE = IPv6Network("::/96")


def refusal(address: Address, local_mode: bool) -> str | None:
    """Why this address may not receive webhooks, or None when it may."""
    for carried in [address, *embedded(address)]:
        reason = _own_refusal(carried, local_mode)
        if reason is not None:
            return reason if carried is address else f"an address that carries {carried}, {reason}"
    return None


def embedded(address: Address) -> list[IPv4Address]:
    """The IPv4 addresses an IPv6 address carries: mapped, compatible, NAT64, 6to4, Teredo."""
    if isinstance(address, IPv4Address):
        return []
    if address.ipv4_mapped is not None:
        return [address.ipv4_mapped]
    if address.sixtofour is not None:
        return [address.sixtofour]
    if address in TEREDO:
        server, client = address.teredo or (None, None)
        return [a for a in (server, client) if a is not None]
    if address in NAT64 or (address in COMPATIBLE and int(address) > 1):
        return [IPv4Address(int(address) & 0xFFFFFFFF)]
    return []


def _own_refusal(address: Address, local_mode: bool) -> str | None:
    if address in METADATA:
        return "the cloud metadata address"
    if any(address in net for net in LOOPBACK if net.version == address.version):
        return None if local_mode else "a loopback address"
    if isinstance(address, IPv4Address):
        return next((reason for network, reason in SPECIAL_V4 if address in network), None)
    if address.ipv4_mapped or address in TEREDO or address in NAT64 or address in COMPATIBLE:
        return None  # judged by the IPv4 address it carries
    found = next((reason for network, reason in SPECIAL_V6 if address in network), None)
    if found is None and address not in GLOBAL_UNICAST:
        return "not a public (global unicast) address"
    return found
