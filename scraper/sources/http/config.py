"""How one fetcher behaves: `FetchConfig`, in a module of its own so that reading its
defaults (command-line help, job files) does not import the HTTP stack."""

from __future__ import annotations

from dataclasses import dataclass, field

from scraper.sources.http.addresses import AddressPolicy
from scraper.sources.http.retry import RetryConfig

DEFAULT_CONTACT = "https://github.com/scraper/scraper"
TOTAL_TIMEOUT_FACTOR = 6


@dataclass(frozen=True, slots=True)
class FetchConfig:
    """Options of one fetcher. `timeout` is both the connect and the read timeout;
    `total_timeout` bounds one response from first byte sent to last byte read (by default
    `TOTAL_TIMEOUT_FACTOR` × `timeout`, and at least 5 s more than it); `addresses` says which
    IP addresses requests may go to (public ones only, by default). `user_agent` is the
    product token and version, sent with `contact` and matched against robots.txt groups."""

    user_agent: str = "scraper/0.1"
    contact: str = DEFAULT_CONTACT
    timeout: float = 10.0
    total_timeout: float | None = None
    max_bytes: int = 10_000_000
    max_redirects: int = 10
    robots: bool = True
    retry: RetryConfig = field(default_factory=RetryConfig)
    addresses: AddressPolicy = field(default_factory=AddressPolicy)

    @property
    def response_budget(self) -> float:
        """Seconds one response may take in all: `total_timeout`, or what `timeout` implies."""
        if self.total_timeout is not None:
            return self.total_timeout
        return max(self.timeout * TOTAL_TIMEOUT_FACTOR, self.timeout + 5)

    @property
    def user_agent_header(self) -> str:
        return f"{self.user_agent} (+{self.contact})" if self.contact else self.user_agent

    @property
    def robots_token(self) -> str:
        """The product token robots.txt groups are matched against (`scraper`)."""
        return self.user_agent.split("/", 1)[0].strip() or "scraper"
