"""What a person reads to see why cleaning did what it did: the catalogue of rule ids with
their reasons (`scraper rules`) and the explain report of one page (`scraper explain`)."""
