"""Which addresses a fetched link may reach: vetted without any network traffic."""

from __future__ import annotations

import ipaddress

import pytest

from bot.errors import BlockedAddress, DeadLink
from bot.reading.netguard import AllowList, embedded_ipv4, is_public, resolve, vet, vetted_addresses

NOTHING_ALLOWED = AllowList()


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1", "127.0.0.2", "::1",  # loopback
        "10.1.2.3", "172.16.0.1", "192.168.1.1",  # RFC 1918
        "fd12:3456::1", "fc00::1",  # RFC 4193 unique local
        "100.64.0.1", "100.127.255.254",  # carrier-grade NAT
        "169.254.169.254", "169.254.1.1", "fe80::1",  # link-local, cloud metadata
        "224.0.0.1", "239.255.255.250", "ff02::1", "ff0e::1",  # multicast
        "240.0.0.1", "255.255.255.255",  # reserved, broadcast
        "0.0.0.0", "::",  # unspecified
        "192.0.2.1", "198.51.100.1", "203.0.113.1", "2001:db8::1",  # documentation
        "198.18.0.1",  # benchmarking
        "::ffff:127.0.0.1", "::ffff:10.0.0.1", "::ffff:169.254.169.254",  # IPv4-mapped
        "2002:7f00:1::1", "2002:a9fe:a9fe::1",  # 6to4 of loopback, metadata
        "64:ff9b::7f00:1", "64:ff9b::a00:1", "64:ff9b::a9fe:a9fe",  # NAT64 of private
        "2001:0:4136:e378:8000:63bf:3fff:fdd2",  # Teredo
        "::127.0.0.1", "::8.8.8.8",  # deprecated IPv4-compatible
        "64:ff9b:1::1",  # local-use NAT64
    ],
)  # fmt: skip
def test_non_public_addresses_are_refused(address: str) -> None:
    assert not is_public(ipaddress.ip_address(address))
    with pytest.raises(BlockedAddress):
        vet("some.host", [ipaddress.ip_address(address)], NOTHING_ALLOWED)


@pytest.mark.parametrize(
    "address",
    ["8.8.8.8", "151.101.1.69", "2606:4700::1111", "::ffff:8.8.8.8", "64:ff9b::808:808",
     "2002:808:808::1"],
)  # fmt: skip
def test_public_addresses_pass(address: str) -> None:
    assert is_public(ipaddress.ip_address(address))


def test_embedded_ipv4_forms_are_unwrapped() -> None:
    assert str(embedded_ipv4(ipaddress.ip_address("::ffff:10.0.0.1"))) == "10.0.0.1"
    assert str(embedded_ipv4(ipaddress.ip_address("2002:c0a8:101::"))) == "192.168.1.1"
    assert str(embedded_ipv4(ipaddress.ip_address("64:ff9b::c0a8:101"))) == "192.168.1.1"
    assert embedded_ipv4(ipaddress.ip_address("2606:4700::1111")) is None


def test_one_private_answer_refuses_the_whole_host() -> None:
    answers = [ipaddress.ip_address("8.8.8.8"), ipaddress.ip_address("10.0.0.5")]
    with pytest.raises(BlockedAddress):
        vet("mixed.example", answers, NOTHING_ALLOWED)


@pytest.mark.parametrize("host", ["2130706433", "0x7f.1", "017700000001", "127.1"])
def test_odd_spellings_of_loopback_resolve_to_loopback_and_are_refused(host: str) -> None:
    assert resolve(host, 80, timeout=2) == (ipaddress.ip_address("127.0.0.1"),)
    with pytest.raises(BlockedAddress):
        vetted_addresses(host, 80, NOTHING_ALLOWED, timeout=2)


@pytest.mark.parametrize("host", ["localhost", "localhost.", "LOCALHOST", "api.localhost"])
def test_local_names_are_refused_before_resolving(host: str) -> None:
    with pytest.raises(BlockedAddress):
        vetted_addresses(host, 80, NOTHING_ALLOWED, timeout=2)


def test_allow_list_exempts_networks_and_hosts() -> None:
    allow = AllowList.parse(["127.0.0.1", "10.20.0.0/16", "wiki.intra.example", ".corp.example"])
    loopback = ipaddress.ip_address("127.0.0.1")
    assert vet("anything", [loopback], allow) == (loopback,)
    assert vet("x", [ipaddress.ip_address("10.20.3.4")], allow)
    assert vet("wiki.intra.example.", [ipaddress.ip_address("192.168.0.9")], allow)
    assert vet("docs.corp.example", [ipaddress.ip_address("192.168.0.9")], allow)
    with pytest.raises(BlockedAddress):
        vet("x", [ipaddress.ip_address("127.0.0.2")], allow)
    with pytest.raises(BlockedAddress):
        vet("x", [ipaddress.ip_address("::1")], allow)
    with pytest.raises(BlockedAddress):
        vet("other.intra.example", [ipaddress.ip_address("192.168.0.9")], allow)


def test_unresolvable_name_is_a_dead_link() -> None:
    with pytest.raises(DeadLink):
        resolve("no-such-host.invalid", 80, timeout=5)
