"""Sources: everything that turns inputs into `Page`s (or `Failed` records, one per input).

`files` (saved pages, raw-dir sidecars), `warc` (WARC/WET), `http` + `crawl` (the polite
HTTP fetcher and its worker pool), `discover` + `urls` (sitemaps, feeds, normalisation),
`run` (one configured fetch run). Nothing is imported here, so importing one source never
pulls in the others' dependencies.
"""
