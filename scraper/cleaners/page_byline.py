"""A signed line anywhere on a text page, read when the header and the foot named nobody.

A text dump loses the page's layout: the byline of a blog post may stand above a sidebar,
under a gallery, or after a long run of navigation that the header zone never reaches. A
line that says it is a byline still says so there: a label that puts the writer after it
("Geschrieben von Elisa Marvena", "Autor: Fritz Imhof", "Eingestellt von Weinlachgummi um
10:52") with nothing but dates before it, or such a label alone on its line with the name on
the next ("Autor:" / "Peter Maahn"). The first one at or below the headline wins, else the
first above it. The line is not taken out of the body: it may sit inside it.

A bare preposition is the weakest label: "von Einheimischen", "Von Newsletter abmelden" are
phrases, not bylines. Far from the headline, one capitalised word after nothing but "von" /
"by" is no name unless the line also holds a date; a user name ("by delta201") still is.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from scraper.cleaners.byline_forms import labelled_byline, preposition_phrase
from scraper.cleaners.header_lines import Header
from scraper.cleaners.header_words import HeaderWords
from scraper.cleaners.labels import TITLE
from scraper.normalize.authors import Byline, NameBook
from scraper.normalize.dates import find_date
from scraper.normalize.name_lines import ROLE_LINE_WORDS, is_role_line, name_line, people_line
from scraper.records import Block

__all__ = ["read_name_above_role", "read_name_beside_date", "read_page_byline"]

SIGNED_WORDS = 20
DATE_LINE_WORDS = 12
SENTENCE_WORDS = 8
_COPYRIGHT = ("©", "(c)", "copyright")
DAY_SLACK = 1
"""Days between the story's date and the one printed beside its writer: a date read from the
page's head is often in another time zone than the one printed ("03/05/2022 22:46" for a
story of 4 May)."""
BIO_WORDS = 10
"""A writer's bio is a sentence or more; a shorter line under a name is a link ("Martin Rütter
DOGS auf Instagram folgen!")."""
_SIGNATURE_DASHES = ("- ", "– ", "— ")
_EMAIL = re.compile(r"^[\w.+-]+@[\w-]+(?:\.[\w-]+)+$")


def read_page_byline(
    blocks: Sequence[Block], header: Header, names: NameBook, words: HeaderWords
) -> None:
    """Fill the authors from the first signed line of the page (see the module's docstring)."""
    if not blocks or (header.authors and not header.guessed):
        return
    if any(map(names.is_full_name, header.authors)):
        return  # a full name read from its place outranks a signed line far from it
    title_at = next((i for i, rule in header.used.items() if rule == TITLE), 0)
    order = [*range(title_at, len(blocks)), *range(title_at)]
    for i in order:
        byline = _signed(blocks, i, names, words)
        if byline is not None:
            header.authors, header.guessed = list(byline.authors), False
            return


def _signed(blocks: Sequence[Block], i: int, names: NameBook, words: HeaderWords) -> Byline | None:
    text = blocks[i].text
    if words.name_label.search(text + " ") is None:
        return None  # most lines hold no label: the cheapest test first
    if len(text.split(maxsplit=SIGNED_WORDS)) > SIGNED_WORDS or _not_signed(text):
        return None
    byline = labelled_byline(text, names, words)
    if byline is None and i + 1 < len(blocks) and _ends_with_label(text, words):
        text = f"{text} {blocks[i + 1].text}"
        byline = labelled_byline(text, names, words)
        if byline is not None and _capitalised_word(byline, words):
            return None  # "Autor" above "Serien", "Von" above "Mediadaten": a menu's words
    if byline is None or not byline.authors or preposition_phrase(text, byline.authors[0], words):
        return None
    return byline


def _not_signed(text: str) -> bool:
    """A copyright notice ("© 2017 VON DER SEE Werbeagentur.") names a rights holder, and a
    sentence ("Por último, se ofreció que …", "Author Contributions: Conception and design: …")
    merely starts with a label's word."""
    text = text.strip()
    sentence = text.endswith(".") and len(text.split(maxsplit=SENTENCE_WORDS)) > SENTENCE_WORDS
    return sentence or text.casefold().startswith(_COPYRIGHT)


def _capitalised_word(byline: Byline, words: HeaderWords) -> bool:
    """One capitalised word that is no desk: no name by itself on the line after a label."""
    name = byline.authors[0]
    return " " not in name and name.istitle() and words.desk(name) is None


def _ends_with_label(text: str, words: HeaderWords) -> bool:
    """ "Autor:", "Von", "21.01.2022 11:46 von": the name follows on the next line."""
    labels = list(words.name_label.finditer(text + " "))
    return bool(labels) and labels[-1].end() == len(text) + 1


def read_name_beside_date(
    blocks: Sequence[Block],
    header: Header,
    names: NameBook,
    words: HeaderWords,
    published: str | None,
) -> None:
    """When no line named the writer: a line that is only a full name (`is_full_name`),
    printed next to a short line with the story's own day or the day before or after it
    (`DAY_SLACK`: "Thomas Hanke" / "27.04.2020 - 18:50 Uhr 3 Kommentare"), or with the
    writer's job or mail address between them, wherever the headline was taken to be. A
    commenter's name sits beside a later day. The line stays in the body:
    nothing marked it as a byline."""
    if header.authors or not published:
        return
    day = published[:10]
    for i, block in enumerate(blocks):
        people = people_line(names, block.text)
        if not people:
            continue
        credited = i + 2 < len(blocks) and _credit_line(blocks[i + 1].text, names, words)
        for j in (i - 1, i + 1, *((i + 2,) if credited else ())):
            if not 0 <= j < len(blocks):
                continue
            line = blocks[j].text
            if len(line.split(maxsplit=DATE_LINE_WORDS)) > DATE_LINE_WORDS:
                continue
            found = find_date(line)
            if found is not None and _near_day(found[0][:10], day):
                header.authors, header.guessed = list(people), True
                return


def read_name_above_role(
    blocks: Sequence[Block], header: Header, names: NameBook, words: HeaderWords
) -> None:
    """When no line named the writer: a full name with a job title, a desk, a link to the
    writer's other pieces, a mail address or a bio that opens with the name on the next line,
    as an author box prints it ("Andrew Woodcock" / "Political Editor", "André Borbe" /
    "Redaktion Haus.de", "Heinz Steiner" / "Weitere Beiträge", "Philipp Sarasin" / "Philipp
    Sarasin lehrt Geschichte an der Universität Zürich. …"); or a full name with its job on
    its own line ("Harald Bauer Autor"), or after a signature's dash ("– Nadja Podbregar").
    The first such line on the page wins."""
    if header.authors:
        return
    for i in range(len(blocks) - 1):
        text = blocks[i].text.strip().rstrip(",;:")
        signature = _dash_signature(blocks, i)
        name = name_line(names, signature or text)
        if name is None:
            continue
        after = blocks[i + 1].text
        titled = signature is None and name != text  # "Harald Bauer Autor": its job cut
        if signature or titled or _credit_line(after, names, words) or _bio_line(after, name):
            header.authors, header.guessed = [name], True
            return


def _dash_signature(blocks: Sequence[Block], i: int) -> str | None:
    """What follows the dash of a signature line ("– Nadja Podbregar" under the story's
    last lines); a dash on the line before or after marks a list, not a signature."""
    text = blocks[i].text.strip()
    if text[:2] not in _SIGNATURE_DASHES:
        return None
    around = [blocks[j].text.strip()[:2] for j in (i - 1, i + 1) if 0 <= j < len(blocks)]
    return None if any(a in _SIGNATURE_DASHES for a in around) else text[2:]


def _near_day(printed: str, day: str) -> bool:
    """Two ISO days at most `DAY_SLACK` apart."""
    try:
        return abs((date.fromisoformat(printed) - date.fromisoformat(day)).days) <= DAY_SLACK
    except ValueError:
        return False


def _bio_line(text: str, name: str) -> bool:
    """An author box's sentence about the writer, opening with the name just printed above it
    ("Philipp Sarasin" / "Philipp Sarasin lehrt Geschichte der Neuzeit an …")."""
    return text.startswith(name + " ") and len(text.split(maxsplit=BIO_WORDS)) > BIO_WORDS


def _credit_line(text: str, names: NameBook, words: HeaderWords) -> bool:
    """A job title, a desk, an author box's link or the writer's mail address, as printed
    under a writer's name ("Political Editor", "Mitglied der Online-Redaktion", "Weitere
    Beiträge", "jane.doe@example.org"). A press contact's job ("Pressesprecherin") and a
    telephone line are no credit: a press release names its contact that way, and the contact
    is its author as often as not."""
    text = text.strip()
    return (
        is_role_line(names, text)
        or words.desk(text) is not None
        or _desk_member(text, words)
        or words.author_box.match(text) is not None
        or _EMAIL.match(text) is not None
    )


def _desk_member(text: str, words: HeaderWords) -> bool:
    """A short line naming the desk the writer belongs to anywhere in it ("Mitglied der
    Online-Redaktion"), where `HeaderWords.desk` looks at the first words only."""
    tokens = re.findall(r"\w+", text.lower())
    return 0 < len(tokens) <= ROLE_LINE_WORDS and any(t in words.desks for t in tokens)
