"""How a run fetches, as one picklable bundle: the fetcher's, politeness' and discovery's
configs. `scraper fetch` builds it from flags, a job file from `[fetch]` and `[politeness]`,
and Dask workers receive it with their tasks, so every fetcher of a run is made alike."""

from __future__ import annotations

from dataclasses import dataclass, field

from scraper.sources.discover import DiscoveryConfig
from scraper.sources.http.cache import ResponseCache
from scraper.sources.http.config import FetchConfig
from scraper.sources.http.fetcher import HttpFetcher, make_session
from scraper.sources.http.ratelimit import Politeness, PolitenessConfig


@dataclass(frozen=True, slots=True)
class FetchSettings:
    fetch: FetchConfig = field(default_factory=FetchConfig)
    politeness: PolitenessConfig = field(default_factory=PolitenessConfig)
    discovery: DiscoveryConfig = field(default_factory=DiscoveryConfig)

    def fetcher(
        self, cache: ResponseCache | None = None, politeness: Politeness | None = None
    ) -> HttpFetcher:
        """A fetcher on a session of its own; `politeness` shares pacing with other fetchers
        (a new one is made when not given)."""
        session = make_session(self.fetch, self.politeness)
        return HttpFetcher(session, self.fetch, politeness or Politeness(self.politeness), cache)
