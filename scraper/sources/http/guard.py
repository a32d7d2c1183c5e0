"""The address guard: no request goes to an address the `AddressPolicy` refuses (loopback,
private, link-local, multicast or otherwise non-public, unless the user allows it).

The check is made twice: before each request (every redirect hop and robots.txt included,
whatever session the fetcher was given: `HttpFetcher`) and again when the socket is opened
(`GuardedAdapter`, mounted by `make_session`), which connects to the very address it
checked, so a name that resolves to a public address for the first lookup and to 127.0.0.1
for the second (DNS rebinding) still cannot get through. Through a proxy only the first
check applies: the proxy, not this process, opens the connection to the host.
"""

from __future__ import annotations

import socket
from typing import Any

from requests.adapters import HTTPAdapter
from urllib3 import HTTPConnectionPool, HTTPSConnectionPool, PoolManager
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.exceptions import NameResolutionError

from scraper.errors import ConnectionFailed
from scraper.sources.http.addresses import AddressPolicy


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

