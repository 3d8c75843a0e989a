"""Which network addresses a fetched link may reach: only the public internet, plus an allow list.

Links come from users, so every host is resolved here, once, and each of its addresses is
vetted before anything connects. `ipaddress.is_global` alone is not enough: it calls multicast
global, and IPv6 forms that carry an IPv4 address inside (IPv4-mapped, IPv4-compatible, 6to4,
NAT64) are judged by the wrapper, so `64:ff9b::7f00:1` (loopback via NAT64) passes it. The
embedded IPv4 address is what a packet finally reaches, so that is what gets judged.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass

from bot.errors import BlockedAddress, DeadLink, FetchTimeout

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

_NAT64_WELL_KNOWN = ipaddress.IPv6Network("64:ff9b::/96")
_LOCAL_NAMES = ("localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback")

_resolver_pool = ThreadPoolExecutor(max_workers=4, thread_name_prefix="claimdesk-dns")


WEB_PORTS = frozenset({80, 443})

Ports = frozenset[int] | None


@dataclass(frozen=True)
class AllowList:
    """Hosts and networks exempt from the public-address rule (intranets, local tests), each
    on given ports only.

    A host entry matches that exact name; an entry starting with a dot (".intra.example")
    matches every name under it. Anything that parses as an address or CIDR is a network.
    An entry names its port ("127.0.0.1:8080", "[::1]:8080", "wiki.intra.example:8443") or
    `*` for every port ("127.0.0.1:*"); without one it allows the web ports, 80 and 443, so
    allowing a machine for its web server does not open its Redis or its admin ports.
    """

    hosts: tuple[tuple[str, Ports], ...] = ()
    networks: tuple[tuple[IPNetwork, Ports], ...] = ()

    @classmethod
    def parse(cls, entries: Iterable[str]) -> AllowList:
        hosts: list[tuple[str, Ports]] = []
        networks: list[tuple[IPNetwork, Ports]] = []
        for raw in entries:
            entry = raw.strip().lower()
            if not entry:
                continue
            name, ports = _split_port(entry)
            try:
                networks.append((ipaddress.ip_network(name, strict=False), ports))
            except ValueError:
                hosts.append((normalise_host(name), ports))
        return cls(tuple(hosts), tuple(networks))

    def allows_host(self, host: str, port: int | None = None) -> bool:
        return any(
            _host_matches(host, entry) and _port_ok(ports, port) for entry, ports in self.hosts
        )

    def allows_address(self, address: IPAddress, port: int | None = None) -> bool:
        return any(address in network and _port_ok(ports, port) for network, ports in self.networks)


def _split_port(entry: str) -> tuple[str, Ports]:
    """("host or network", ports) from "name", "name:port", "name:*", "[v6]:port" or "v6"."""
    if entry.startswith("["):
        close = entry.find("]")
        name, rest = entry[1:close], entry[close + 1 :]
        spec = rest[1:] if rest.startswith(":") else ""
    elif entry.count(":") == 1:
        name, spec = entry.split(":")
    else:
        name, spec = entry, ""
    if spec == "*":
        return name, None
    if spec.isdigit():
        return name, frozenset({int(spec)})
    if spec:
        raise ValueError(f"not a port: {spec!r} in {entry!r}")
    return name, WEB_PORTS


def _host_matches(host: str, entry: str) -> bool:
    return host == entry or (entry.startswith(".") and (host.endswith(entry) or host == entry[1:]))


def _port_ok(ports: Ports, port: int | None) -> bool:
    """`port` None: the caller vets an address without a connection (any allowed port will do)."""
    return ports is None or port is None or port in ports


def normalise_host(host: str) -> str:
    """Lower-case, without brackets or the trailing root dot ("localhost." is "localhost")."""
    return host.strip().strip("[]").rstrip(".").lower()


def embedded_ipv4(address: IPAddress) -> ipaddress.IPv4Address | None:
    """The IPv4 address a translating IPv6 form delivers to, if it is one of those forms."""
    if isinstance(address, ipaddress.IPv4Address):
        return None
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address.sixtofour is not None:
        return address.sixtofour
    if address in _NAT64_WELL_KNOWN:
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return None


def is_public(address: IPAddress) -> bool:
    """True only for a globally routable unicast address, judged after unwrapping.

    Teredo (2001::/32) and the deprecated IPv4-compatible form (::a.b.c.d) need no unwrapping:
    their prefixes are not global or are reserved, so they are refused as they stand.
    """
    target = embedded_ipv4(address) or address
    return bool(
        target.is_global
        and not target.is_multicast
        and not target.is_reserved
        and not target.is_private
        and not target.is_loopback
        and not target.is_link_local
        and not target.is_unspecified
    )


def vet(
    host: str, addresses: Iterable[IPAddress], allow: AllowList, port: int | None = None
) -> tuple[IPAddress, ...]:
    """The addresses to connect to, or BlockedAddress if any of them is off limits.

    One bad address refuses the host: a name that resolves to both a public and a private
    address is either misconfigured or an attempt to get lucky with the connection order.
    """
    host = normalise_host(host)
    found = tuple(dict.fromkeys(addresses))
    if not found:
        raise DeadLink(detail=f"{host} has no addresses")
    if allow.allows_host(host, port):
        return found
    refuse_local_name(host, allow, port)
    for address in found:
        if not (is_public(address) or allow.allows_address(address, port)):
            raise BlockedAddress(detail=f"{host} resolves to {address}")
    return found


def refuse_local_name(host: str, allow: AllowList, port: int | None = None) -> None:
    """Names that mean "this machine" are refused before resolving: some resolvers (and
    "localhost." with its root dot) would otherwise answer with a dead-link error instead."""
    if (host in _LOCAL_NAMES or host.endswith(".localhost")) and not allow.allows_host(
        host, port
    ):
        raise BlockedAddress(detail=f"{host} is a local name")


def literal_address(host: str) -> IPAddress | None:
    try:
        return ipaddress.ip_address(normalise_host(host))
    except ValueError:
        return None


def resolve(host: str, port: int, timeout: float | None) -> tuple[IPAddress, ...]:
    """All addresses for `host`, with a deadline getaddrinfo itself does not offer.

    Odd spellings such as "2130706433" or "0x7f.1" go through getaddrinfo like any name, so
    they come back as the dotted address the kernel would connect to, and are vetted as that.
    """
    literal = literal_address(host)
    if literal is not None:
        return (literal,)
    name = normalise_host(host)
    future = _resolver_pool.submit(socket.getaddrinfo, name, port, type=socket.SOCK_STREAM)
    try:
        infos = future.result(timeout=timeout)
    except FutureTimeout:
        future.cancel()
        raise FetchTimeout(detail=f"resolving {name} took longer than {timeout}s") from None
    except (socket.gaierror, UnicodeError) as exc:
        raise DeadLink(detail=f"cannot resolve {name}: {exc}") from None
    addresses: list[IPAddress] = []
    for _family, _type, _proto, _canon, sockaddr in infos:
        addresses.append(ipaddress.ip_address(str(sockaddr[0]).split("%", 1)[0]))
    return tuple(dict.fromkeys(addresses))


def vetted_addresses(
    host: str, port: int, allow: AllowList, timeout: float | None
) -> tuple[IPAddress, ...]:
    """Resolve once and vet: the only addresses a connection to `host` may use."""
    refuse_local_name(normalise_host(host), allow, port)
    return vet(host, resolve(host, port, timeout), allow, port)
