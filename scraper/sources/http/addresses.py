"""Which addresses a request may go to: public ones only, unless the user allows more.

URLs come from untrusted places (sitemaps, feeds, redirects, URL lists someone else wrote),
so without this a page could make the crawler fetch `http://169.254.169.254/` (cloud
credentials) or an admin page on the intranet, and put the answer in its output (SSRF). The
policy judges *resolved* addresses, IPv6 forms that carry an IPv4 address (mapped, 6to4,
NAT64) by the address inside, and refuses a host when any of its addresses is refused. It
is plain data and the standard library: `guard.py` enforces it where sockets open.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

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
