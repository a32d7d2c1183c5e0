"""The address guard: no request goes to a loopback, private, link-local, multicast or
otherwise non-public address unless the user allows it.

URLs come from untrusted places (sitemaps, feeds, redirects, URL lists someone else wrote),
so without a guard a page could make the crawler fetch `http://169.254.169.254/` (cloud
credentials) or an admin page on the intranet, and put the answer in its output (SSRF).

The check is made on the *resolved* addresses, twice: before each request (every redirect
hop and robots.txt included, whatever session the fetcher was given) and again when the
socket is opened (`GuardedAdapter`, mounted by `make_session`), which connects to the very
address it checked, so a name that resolves to a public address for the first lookup and
to 127.0.0.1 for the second (DNS rebinding) still cannot get through. A host is refused when
any of its addresses is refused. Through a proxy only the first check applies: the proxy,
not this process, opens the connection to the host.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from requests.adapters import HTTPAdapter
from urllib3 import HTTPConnectionPool, HTTPSConnectionPool, PoolManager
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.exceptions import NameResolutionError

from scraper.errors import BlockedAddress, ConnectionFailed, InputError

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network
NAT64 = ipaddress.ip_network("64:ff9b::/96")
HINT = "--allow-private or --allow-network CIDR lets it through"


def _embedded_ipv4(ip: Address) -> Address:
    """The IPv4 address an IPv6 one carries (mapped, 6to4, NAT64), which is where it goes."""
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped:
            return ip.ipv4_mapped
        if ip.sixtofour:
            return ip.sixtofour
        if ip in NAT64:
            return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return ip


def refusal(ip: Address) -> str | None:
    """Why `ip` is not a public unicast address ("loopback", "private", …), or None."""
    ip = _embedded_ipv4(ip)
    for reason, flag in (
        ("unspecified", ip.is_unspecified),
        ("loopback", ip.is_loopback),
        ("link-local", ip.is_link_local),
        ("multicast", ip.is_multicast),
        ("reserved", ip.is_reserved),
        ("private", ip.is_private),
    ):
        if flag:
            return reason
    return None if ip.is_global else "non-public"


@dataclass(frozen=True, slots=True)
class AddressPolicy:
    """Which addresses requests may go to: public ones, plus `allow_networks`, or every
    address when `allow_private` is set (a crawl of one's own intranet)."""

    allow_private: bool = False
    allow_networks: tuple[Network, ...] = ()

    @classmethod
    def allowing(cls, networks: Iterable[str], allow_private: bool = False) -> AddressPolicy:
        """From CIDR strings ("127.0.0.0/8", "10.1.2.3"); ValueError for a bad one."""
        return cls(allow_private, tuple(ipaddress.ip_network(n, strict=False) for n in networks))

    def why_refused(self, ip: Address) -> str | None:
        inner = _embedded_ipv4(ip)
        if self.allow_private or any(ip in net or inner in net for net in self.allow_networks):
            return None
        return refusal(ip)

    def resolve(self, host: str, port: int) -> list[tuple[Any, ...]]:
        """getaddrinfo for `host`, or BlockedAddress when any address it gives is refused."""
        try:
            infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except socket.gaierror as exc:
            raise ConnectionFailed(f"{host}: cannot resolve: {exc.strerror}") from exc
        except UnicodeError as exc:
            raise InputError(f"{host!r}: not a valid host name") from exc
        for *_rest, sockaddr in infos:
            ip = ipaddress.ip_address(str(sockaddr[0]).split("%", 1)[0])
            reason = self.why_refused(ip)
            if reason:
                shown = host if host == str(ip) else f"{host} ({ip})"
                raise BlockedAddress(f"{shown} is a {reason} address; {HINT}")
        return infos

    def check_url(self, url: str) -> None:
        """Raise BlockedAddress unless every address of the URL's host is allowed."""
        if self.allow_private:
            return
        parts = urlsplit(url)
        try:
            port = parts.port or (443 if parts.scheme == "https" else 80)
        except ValueError as exc:
            raise InputError(f"{url!r}: bad port: {exc}") from exc
        try:
            self.resolve(parts.hostname or "", port)
        except BlockedAddress as exc:
            raise BlockedAddress(f"{url}: {exc}") from None


class _GuardedConnection(HTTPConnection):
    policy: AddressPolicy = AddressPolicy()

    def _new_conn(self) -> socket.socket:
        """Resolve once, check every address, connect to a checked one."""
        if self.policy.allow_private:
            return super()._new_conn()
        try:
            infos = self.policy.resolve(self._dns_host, self.port)
        except ConnectionFailed as exc:
            cause = exc.__cause__ if isinstance(exc.__cause__, socket.gaierror) else None
            raise NameResolutionError(self.host, self, cause or socket.gaierror()) from exc
        original = self._dns_host
        try:
            self._dns_host = str(infos[0][4][0])  # the address checked, not a second lookup
            return super()._new_conn()
        finally:
            self._dns_host = original


class _GuardedHTTPSConnection(_GuardedConnection, HTTPSConnection):
    pass


def _pool_classes(policy: AddressPolicy) -> dict[str, type]:
    plain = type("GuardedConnection", (_GuardedConnection,), {"policy": policy})
    secure = type("GuardedHTTPSConnection", (_GuardedHTTPSConnection,), {"policy": policy})
    return {
        "http": type("GuardedPool", (HTTPConnectionPool,), {"ConnectionCls": plain}),
        "https": type("GuardedHTTPSPool", (HTTPSConnectionPool,), {"ConnectionCls": secure}),
    }


class GuardedAdapter(HTTPAdapter):
    """A requests adapter whose connections open only to addresses the policy allows."""

    def __init__(self, policy: AddressPolicy, **kwargs: Any) -> None:
        self.policy = policy
        super().__init__(**kwargs)

    def init_poolmanager(
        self, connections: int, maxsize: int, block: bool = False, **pool_kwargs: Any
    ) -> None:
        super().init_poolmanager(connections, maxsize, block, **pool_kwargs)
        manager: PoolManager = self.poolmanager
        manager.pool_classes_by_scheme = _pool_classes(self.policy)

