"""Shared text for the header-reading tests: a plain story paragraph, so that the lines around
it are read as a page's header and foot."""

PARAGRAPH = (
    "The council met on Tuesday evening to discuss the plans, and members spoke at length "
    "about the cost of the work and the disruption it would bring to the residents nearby."
)
