from __future__ import annotations

import time
from pathlib import Path

import pytest

from scraper.cleaners.labels import CODE_GROUPS, MEANINGS, RULE_FILE_IDS, group_of
from scraper.cleaners.rules import RuleSet
from scraper.config import CleanerConfig
from scraper.errors import ConfigError


@pytest.fixture(scope="module")
def rules() -> RuleSet:
    return RuleSet.load(CleanerConfig().rules_dir)


CHROME = {
    "hiring.banner": [
        "The Largest Security-Cleared Career Network for Defense and Intelligence Jobs - JOIN NOW",
        "We're hiring! Join our newsroom as a data reporter",
        "Find your next job in tech",
    ],
    "newsletter.signup": [
        "Join the mailing list",
        "Sign up for our daily newsletter",
        "Get the best stories delivered straight to your inbox",
        "Newsletter abonnieren",
    ],
    "ads.label": ["Advertisement", "ANZEIGE", "Story continues below advertisement"],
    "ads.product": ["One Billion Americans: The Case for Thinking Bigger - by Matthew Yglesias"],
    "nav.menu": ["Home | News | Sports | Obituaries | Classifieds"],
    "nav.breadcrumb": ["Home > World > Europe", "News › Local"],
    "share.bar": ["Share on Facebook Share on Twitter Email", "Share this article: Facebook | X"],
    "cookie.notice": [
        "We use cookies to improve your experience on our site. Accept all",
        "We and our 312 partners process data to provide personalised content.",
        "Accept and continue  Manage consent",
    ],
    "related.list": [
        "Related Stories",
        "Most Read",
        "You may also like",
        "Contenido relacionado",
        "Ähnliche Artikel",
    ],
    "paywall.prompt": [
        "This article is only available to subscribers.",
        "Pour accéder en illimité aux articles du journal :",
        "Dieser Artikel ist exklusiv für Abonnenten",
        "Cancela cuando quieras.",
    ],
    "comments.section": [
        "14 Comments",
        "Leave a Reply",
        "Kommentare (3)",
        "Reader Comments (4)",
        "Public Discussion (4)",
        "One Comment",
        "One comment Add your comment",
    ],
    "comments.thread": [
        "13 Responses to The Time Has Come to Expand the Scope of Conflict for eBooks",
        "One Response to “Paris Meetup and Upcoming Bootcamp”",
        "8 appreciated comments on “New work: Asian Development Bank”",
    ],
    "media.caption": [
        "The mayor speaks at the opening of the bridge on Monday. (Evan Vucci/AP Photo)",
        "Protesters gather outside the court. Mandel Ngan/AFP via Getty Images",
        "A flooded street in the old town. Photo: Shutterstock",
        "Firefighters at the scene on Tuesday. Getty Images",
    ],
    "footer.copyright": ["© 2021 The Carrow Valley Courier. All rights reserved."],
    # chrome phrased without the words the older patterns look for (issue 15)
    "hiring.opening": [
        "Vacancy: Night editor (full-time). Apply by 12 May.",
        "Our sports desk is seeking a match reporter. Applications close 1 June.",
        "Wir suchen eine Fotografin (m/w/d) für die Lokalredaktion.",
    ],
    "newsletter.by_email": [
        "Have our best stories emailed to you every Sunday.",
        "Receive new recipes by email as soon as they are published.",
    ],
    "paywall.membership": ["Join as a Gazette supporter and read without adverts."],
    "paywall.donation": [
        "Quality reporting isn't free. Please consider a small donation.",
        "Give once  Give monthly  Donate now",
    ],
    "ads.app": ["Live scores in your pocket: get our free app for iOS and Android."],
    "share.counts": ["2.3K shares · 48 comments · 310 likes", "Quote of the week. Click to Tweet"],
    "share.like_prompt": [
        "Enjoyed reading this story? Share it with your friends.",
        "¿Te gustó este reportaje? Compártelo.",
    ],
    "comments.prompt": ["Tell us what you think in the comments below.", "Jump to comments"],
    "footer.tips": ["Got a news tip? Email the newsroom at news@example.org."],
    "footer.bio": [
        "The writer is a former ambassador to Japan and a fellow at the institute.",
        "Ottilie Baranski is a contributing writer at The Meridian Review. Her first book is out.",
        "Tom O'Neill is a senior reporter covering energy for the paper.",
        "Anna Maria Keller ist freie Redakteurin in Hamburg.",
        "Claire Dubois est journaliste au service politique.",
    ],
    "ads.affiliate": [
        "We independently evaluate all recommended products and services. If you click on "
        "links we provide, we may receive compensation.",
        "If you buy something through a link on this page, we might earn a small share.",
    ],
    "media.slide": ["Slide 4 of 9: The first train crosses the viaduct."],
    "nav.archive": ["From the archive: some details in this story may no longer be accurate."],
}

PROSE = [
    "The ministry said it would join talks on the mailing of ballots, which advertisers "
    "and newsletter publishers have long opposed, before the end of the month.",
    "Opposition fails to unify",
    "Syria peace talks in Astana postponed to mid-September: Kazakhstan",
    "Share prices rose by 3 percent on Monday after the announcement.",
    "Related species of coral were found at depths of up to 40 metres.",
    "Licensing requests for our photos are handled by Getty Images. Visit their site to ask.",
    "Readers who subscribed in the spring said the paper had kept them informed through the "
    "floods, and many renewed for a second year when the offer ended in September.",
    "Applications close on Friday, the council said, and about 300 families are expected.",
    "The app is available free on iPhone and Android from Tuesday, the company said.",
    "Readers who enjoyed her first novel will find this one darker and stranger.",
    "Photo 3 of the exhibition shows the harbour in 1910, before the sea wall was built.",
    "The author is not the first to argue that our cities were built for cars.",
    "Maria Lopez is a nurse at the county hospital and has worked nights for ten years.",
    "The mayor is a former reporter at the paper, and she still writes a weekly column.",
    "If you click through the gallery, you will see the harbour before the sea wall.",
    "From the archives of the county library, she pieced together her family's history.",
    "One response to the flooding was a new sea wall, finished in 1912.",
    "No comment from the ministry.",
]


@pytest.mark.parametrize(
    ("rule_id", "text"), [(r, t) for r, texts in CHROME.items() for t in texts]
)
def test_chrome_is_recognised_by_its_rule(rules: RuleSet, rule_id: str, text: str) -> None:
    rule = rules.match(text, len(text.split()))
    assert rule is not None and rule.id == rule_id


@pytest.mark.parametrize("text", PROSE)
def test_prose_is_not_chrome(rules: RuleSet, text: str) -> None:
    assert rules.match(text, len(text.split())) is None


def test_rules_only_judge_short_blocks(rules: RuleSet) -> None:
    long = "Join the mailing list " + "and read the long paragraph that follows it " * 12
    assert rules.match(long, len(long.split())) is None


def test_every_rule_runs_in_linear_time_on_hostile_lines(rules: RuleSet) -> None:
    """Hostile lines made 50 times longer than a block the rules would judge, and the bound
    50 times the 50 ms a 600-character line was allowed: a linear rule keeps its head-room
    (all rules take about 40 ms a line here), a busy machine's scheduling hiccups (a few
    ms) no longer count against it, and a rule that backtracks, growing with the square of
    the length or worse, is caught more surely than on the short line."""
    hostile = [
        "a | " * 60,
        "Home > " * 40,
        "x" * 600,
        "Share " * 20 + "!",
        " ".join(["Word"] * 39) + " |",
        "© " * 100,
    ]
    for line in hostile:
        text = line * 50
        started = time.perf_counter()
        for rule in rules.rules:
            rule.pattern.search(text)
        assert time.perf_counter() - started < 2.5, text[:40]


def test_the_rule_ids_the_code_reads_are_in_the_bundled_rules(rules: RuleSet) -> None:
    """The header reader takes the section from `nav.breadcrumb` lines and the text cleaner
    its tags from `related.topics` lines: renaming either rule would silently lose a field."""
    assert set(RULE_FILE_IDS) <= set(rules.ids)


def test_every_id_the_code_names_is_explained_and_in_a_code_group() -> None:
    assert MEANINGS and all(text for text in MEANINGS.values())
    assert {group_of(rule_id) for rule_id in MEANINGS} <= CODE_GROUPS


def _write(folder: Path, body: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "g.toml").write_text(body)
    return folder


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("[group]\nname='g'\n[[rules]]\nid='g.a'\npatterns=['(']\n", "bad pattern"),
        ("[group]\nname='g'\n[[rules]]\nid='x.a'\npatterns=['a']\n", "must start with 'g.'"),
        ("[group]\nname='g'\n[[rules]]\nid='g.a'\npatterns=['a']\nscope='page'\n", "scope"),
        ("[group]\nname='g'\n[[rules]]\nid='g.a'\npatterns=['a']\ncolour=1\n", "unknown keys"),
        ("[group]\nname='g'\n[[rules]]\nid='g.a'\npatterns=[]\n", "non-empty list"),
        ("[group]\nname='g'\n[[rules]\n", "invalid TOML"),
        ("[group]\nname='meta'\n[[rules]]\nid='meta.a'\npatterns=['a']\n", "code's own"),
        ("[group]\nname='g'\n[[rules]]\nid='g.a'\npatterns=['a']\nhtml={tokens=['x']}\n", "'html'"),
        (
            "[group]\nname='g'\n[[rules]]\nid='g.a'\npatterns=['a']\nhtml={story_wrapper='yes'}\n",
            "story_wrapper",
        ),
    ],
)
def test_bad_rule_files_fail_at_load_with_file_and_reason(
    tmp_path: Path, body: str, message: str
) -> None:
    folder = _write(tmp_path / "rules", body)
    with pytest.raises(ConfigError, match=message) as info:
        RuleSet.load(folder)
    assert "g.toml" in str(info.value)
