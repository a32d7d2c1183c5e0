"""The block model has the last word on a page's blocks, except where a label is fixed (the
header's metadata lines, site rules, `veto = true` rules); trafilatura is asked only where the
model without its vote is unsure.

The models here are real `BlockModel`s of one leaf each: a constant probability makes the
outcome of each rule of the decision visible on its own.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from scraper.cleaners import cleaners
from scraper.cleaners.features import BlockStats
from scraper.cleaners.html import HtmlJudgement
from scraper.cleaners.labels import AFTER_STORY, AUTHOR_BIO, UNLIKELY_TEXT, group_of
from scraper.cleaners.line_sequence import COLUMN as SEQUENCE_COLUMN
from scraper.cleaners.text_context import NAMES as CONTEXT_NAMES
from scraper.cleaners.vote_gate import GATE_FEATURES
from scraper.config import CleanerConfig
from scraper.errors import ConfigError
from scraper.records import Page
from tests.support.block_models import (
    constant,
    feature_names,
    models_config,
    sequence_model,
    stump,
)

PROSE = (
    "The harbour board moved the first crossing to six in the morning, and the ferry now "
    "leaves before the bakery on the quay opens its doors to the early commuters."
)
SIGNUP = "Sign up for our newsletter"  # newsletter.signup, a veto rule in the bundled config
AD = "Advertisement"
HTML = f"""<html><head><title>Ferry timetable changes</title></head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li></ul></nav>
<article><h1>Ferry timetable changes</h1><p>{PROSE}</p><p>{PROSE} Again.</p></article>
<p>{SIGNUP}</p>
</body></html>"""
TEXT = f"Ferry timetable changes\n\n{PROSE}\n\n{AD}\n\n{PROSE} Again.\n\n{SIGNUP}\n"


def config_with_models(
    tmp_path: Path,
    html: float,
    voted: float,
    text: float,
    veto: str | None = None,
    thin: int | None = None,
    vote_gate: str = "",
) -> CleanerConfig:
    """A copy of the bundled config whose models are constant, and where the rule `veto`
    (if given) is marked `veto = true`."""
    names = feature_names()
    gate = ("" if thin is None else f"thin_body_words = {thin}\n") + vote_gate
    config = models_config(
        tmp_path, constant(names, html), constant(names, voted), constant(names, text), gate
    )
    if veto:
        for path in (config.config_dir / "rules").glob("*.toml"):
            source = path.read_text(encoding="utf-8")
            marker = f'id = "{veto}"\n'
            if marker in source:
                path.write_text(source.replace(marker, marker + "veto = true\n"), "utf-8")
    return config


def test_a_sure_model_decides_alone_and_an_unsure_one_asks_trafilatura(tmp_path: Path) -> None:
    page = Page(content=HTML, origin="t")
    sure = cleaners(config_with_models(tmp_path / "sure", 5.0, 5.0, 5.0))[1].judge(page, HTML)
    assert not sure.extractor_ran
    unsure = cleaners(config_with_models(tmp_path / "unsure", 0.0, 5.0, 5.0))[1].judge(page, HTML)
    assert unsure.extractor_ran
    hand = cleaners(CleanerConfig(learned=False))[1].judge(page, HTML)
    assert hand.extractor_ran  # without a model, trafilatura votes on every page


def test_a_sure_model_that_leaves_a_thin_body_asks_trafilatura(tmp_path: Path) -> None:
    """A model sure that nothing is article text is more likely wrong than the page empty."""
    page = Page(content=HTML, origin="t")
    for thin, asks in ((None, True), (0, False), (1000, True)):
        config = config_with_models(tmp_path / f"thin-{thin}", -5.0, -5.0, -5.0, thin=thin)
        assert cleaners(config)[1].judge(page, HTML).extractor_ran is asks, thin
    keeping = config_with_models(tmp_path / "keeping", 5.0, 5.0, 5.0, thin=1000)
    assert cleaners(keeping)[1].judge(page, HTML).extractor_ran  # 1,000 words: thin too


def gate_table(intercept: float) -> str:
    """A `[gate.vote]` of zero weights: its intercept alone says ask (> 0) or not."""
    count = len(GATE_FEATURES)
    return (
        f"\n[gate.vote]\nfeatures = {json.dumps(list(GATE_FEATURES))}\n"
        f"mean = {[0.0] * count}\nscale = {[1.0] * count}\ncoef = {[0.0] * count}\n"
        f"intercept = {intercept}\n"
    )


def test_a_learned_vote_gate_overrides_the_fixed_rule(tmp_path: Path) -> None:
    page = Page(content=HTML, origin="t")
    # a model unsure of every block: the fixed rule asks; a gate that says never does not
    unsure = config_with_models(tmp_path / "never", 0.0, 5.0, 5.0, vote_gate=gate_table(-1.0))
    assert not cleaners(unsure)[1].judge(page, HTML).extractor_ran
    # a model sure of every block: the fixed rule does not ask; a gate that says always does
    sure = config_with_models(tmp_path / "always", 5.0, 5.0, 5.0, vote_gate=gate_table(1.0))
    assert cleaners(sure)[1].judge(page, HTML).extractor_ran


def test_a_vote_gate_for_other_features_is_refused(tmp_path: Path) -> None:
    table = gate_table(1.0).replace('"unsure_share"', '"something_else"')
    with pytest.raises(ConfigError, match="make train"):
        cleaners(config_with_models(tmp_path, 5.0, 5.0, 5.0, vote_gate=table))


def test_the_model_keeps_chrome_the_rules_removed_unless_the_rule_vetoes(tmp_path: Path) -> None:
    text_cleaner = cleaners(config_with_models(tmp_path / "keep", 5.0, 5.0, 5.0))[0]
    judged = text_cleaner.judge(Page(content=TEXT, origin="t"), TEXT)
    texts = [block.text for block in judged.blocks]
    ad, signup = texts.index(AD), texts.index(SIGNUP)
    rule = judged.hand[ad]
    assert rule is not None and group_of(rule) == "ads"  # the hand-set stages removed it
    assert judged.labels[ad] is None  # a model sure of everything keeps it
    assert judged.labels[signup] == judged.hand[signup] == "newsletter.signup"  # bundled veto
    vetoing = cleaners(config_with_models(tmp_path / "veto", 5.0, 5.0, 5.0, veto=rule))[0]
    vetoed = vetoing.judge(Page(content=TEXT, origin="t"), TEXT)
    assert vetoed.labels[ad] == rule
    assert vetoed.labels[texts.index(PROSE)] is None


def test_the_headline_stays_out_of_the_body_whatever_the_model_says(tmp_path: Path) -> None:
    article = cleaners(config_with_models(tmp_path, 5.0, 5.0, 5.0))[0].clean(
        Page(content=TEXT, origin="t"), TEXT
    )
    assert article.title == "Ferry timetable changes"
    assert not article.body.startswith("Ferry timetable changes")
    assert AD in article.body and SIGNUP not in article.body


def test_a_block_the_model_rejects_says_so_or_keeps_the_stages_reason(tmp_path: Path) -> None:
    text_cleaner = cleaners(config_with_models(tmp_path, -5.0, -5.0, -5.0))[0]
    judged = text_cleaner.judge(Page(content=TEXT, origin="t"), TEXT)
    texts = [block.text for block in judged.blocks]
    assert judged.labels[texts.index(PROSE)] == UNLIKELY_TEXT
    assert judged.labels[texts.index(SIGNUP)] == judged.hand[texts.index(SIGNUP)]
    article = text_cleaner.clean(Page(content=TEXT, origin="t"), TEXT)
    assert article.error is not None and article.error.kind == "no_content"
    assert UNLIKELY_TEXT in {removal.rule for removal in article.removed}


def test_a_model_for_other_rule_groups_is_refused(tmp_path: Path) -> None:
    config = config_with_models(tmp_path, 5.0, 5.0, 5.0)
    shutil.copyfile(
        config.config_dir / "rules" / "share.toml", config.config_dir / "rules" / "zz.toml"
    )
    source = (config.config_dir / "rules" / "zz.toml").read_text(encoding="utf-8")
    (config.config_dir / "rules" / "zz.toml").write_text(
        source.replace('name = "share"', 'name = "zz"').replace('id = "share.', 'id = "zz.'),
        encoding="utf-8",
    )
    with pytest.raises(ConfigError, match="make train"):
        cleaners(config)


def with_text_settings(config: CleanerConfig, context_logit: float | None, band: str) -> None:
    """Adds a second text model of constant `context_logit` (none if None) and the text band
    `band` (a TOML line, or "") to a config of `config_with_models`."""
    models = config.config_dir / "models"
    names = feature_names()
    settings = (models / "models.toml").read_text(encoding="utf-8")
    if context_logit is not None:
        constant(names + CONTEXT_NAMES, context_logit).save(models / "context.npz", {})
        settings = settings.replace("[gate]", 'text_context = "context.npz"\n\n[gate]')
    (models / "models.toml").write_text(settings + band, encoding="utf-8")


def test_the_second_text_model_has_the_last_word_on_the_lines(tmp_path: Path) -> None:
    """The first model is sure every line is the story; the second, reading it, is sure of
    the opposite: the second decides, and the HTML cleaner does not read it."""
    config = config_with_models(tmp_path, 5.0, 5.0, 5.0)
    with_text_settings(config, -5.0, "")
    text_cleaner, html_cleaner = cleaners(config)
    judged = text_cleaner.judge(Page(content=TEXT, origin="t"), TEXT)
    texts = [block.text for block in judged.blocks]
    assert judged.labels[texts.index(PROSE)] == UNLIKELY_TEXT
    assert judged.scores is not None and max(judged.scores) < 0.01
    html = html_cleaner.judge(Page(content=HTML, origin="t"), HTML)
    assert html.scores is not None and min(html.scores) > 0.99


def test_the_text_band_is_its_own(tmp_path: Path) -> None:
    """A text model 57 % sure of every line is unsure in the shared band, where the hand-set
    label stands, decides alone in a text band of zero width, and removes in a band above
    its probability."""
    shared = config_with_models(tmp_path / "shared", 5.0, 5.0, 0.3)
    judged = cleaners(shared)[0].judge(Page(content=TEXT, origin="t"), TEXT)
    texts = [block.text for block in judged.blocks]
    assert judged.labels[texts.index(AD)] == judged.hand[texts.index(AD)] is not None
    narrow = config_with_models(tmp_path / "narrow", 5.0, 5.0, 0.3)
    with_text_settings(narrow, None, "text_unsure = [0.5, 0.5]\n")
    decided = cleaners(narrow)[0].judge(Page(content=TEXT, origin="t"), TEXT)
    assert decided.labels[texts.index(AD)] is None
    assert decided.labels[texts.index(SIGNUP)] == "newsletter.signup"  # a veto stays
    # a band above the model's 57 %: under it, the model's doubt removes even the prose
    doubting = config_with_models(tmp_path / "doubting", 5.0, 5.0, 0.3)
    with_text_settings(doubting, None, "text_unsure = [0.6, 0.8]\n")
    doubted = cleaners(doubting)[0].judge(Page(content=TEXT, origin="t"), TEXT)
    assert doubted.labels[texts.index(PROSE)] == UNLIKELY_TEXT


def test_a_second_text_model_for_other_features_is_refused(tmp_path: Path) -> None:
    config = config_with_models(tmp_path, 5.0, 5.0, 5.0)
    models = config.config_dir / "models"
    names = feature_names()
    constant(names, -5.0).save(models / "context.npz", {})  # the first model's columns only
    settings = (models / "models.toml").read_text(encoding="utf-8")
    (models / "models.toml").write_text(
        settings.replace("[gate]", 'text_context = "context.npz"\n\n[gate]'), encoding="utf-8"
    )
    with pytest.raises(ConfigError, match="make train"):
        cleaners(config)


def with_sequence(config: CleanerConfig, sequence_logit: float, with_column: bool = True) -> None:
    """Adds a line sequence model of constant `sequence_logit` and a second text model that
    reads only its column (sure of the line where it is over 0.5, sure against it under) to
    a config of `config_with_models`; without `with_column`, the second model's names lack
    the column, as a model from before the sequence model did."""
    models = config.config_dir / "models"
    names = feature_names()
    sequence_model(names, sequence_logit).save(models / "sequence.npz", {})
    context = (*names, *CONTEXT_NAMES, SEQUENCE_COLUMN)
    if with_column:
        stump(context, SEQUENCE_COLUMN, 5.0, -5.0).save(models / "context.npz", {})
    else:
        constant(names + CONTEXT_NAMES, 0.0).save(models / "context.npz", {})
    settings = (models / "models.toml").read_text(encoding="utf-8")
    files = 'text_context = "context.npz"\ntext_sequence = "sequence.npz"\n\n[gate]'
    (models / "models.toml").write_text(settings.replace("[gate]", files), encoding="utf-8")


def test_the_line_sequence_model_speaks_through_the_second_text_model(tmp_path: Path) -> None:
    """The first model is sure of every line; the second reads only the sequence model's
    column: the sequence model's doubt removes the prose, its certainty keeps it (and what a
    veto rule removed stays removed)."""
    outcomes = {}
    for logit in (-5.0, 5.0):
        config = config_with_models(tmp_path / str(logit), 5.0, 5.0, 5.0)
        with_sequence(config, logit)
        judged = cleaners(config)[0].judge(Page(content=TEXT, origin="t"), TEXT)
        texts = [block.text for block in judged.blocks]
        outcomes[logit] = judged.labels[texts.index(PROSE)]
        assert judged.labels[texts.index(SIGNUP)] == "newsletter.signup"
    assert outcomes == {-5.0: UNLIKELY_TEXT, 5.0: None}


def test_a_sequence_model_without_its_column_or_its_second_model_is_refused(
    tmp_path: Path,
) -> None:
    stale = config_with_models(tmp_path / "stale", 5.0, 5.0, 5.0)
    with_sequence(stale, 5.0, with_column=False)
    with pytest.raises(ConfigError, match="make train"):
        cleaners(stale)
    alone = config_with_models(tmp_path / "alone", 5.0, 5.0, 5.0)
    with_sequence(alone, 5.0)
    settings = alone.config_dir / "models" / "models.toml"
    text = settings.read_text(encoding="utf-8").replace('text_context = "context.npz"\n', "")
    settings.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match="text_sequence needs text_context"):
        cleaners(alone)
    other = config_with_models(tmp_path / "other", 5.0, 5.0, 5.0)
    with_sequence(other, 5.0)
    sequence_model(("log_words",), 5.0).save(other.config_dir / "models" / "sequence.npz", {})
    with pytest.raises(ConfigError, match="make train"):
        cleaners(other)


def test_inside_the_likeliest_run_the_doubting_band_gives_way(tmp_path: Path) -> None:
    """The text band removes what the second model doubts; the lines of its likeliest run are
    judged in the run band instead, where the hand-set label stands. A second model 57 % sure
    of every line makes the whole page its run; one 45 % sure of every line, a single line,
    and the prose outside it goes. The run is the second model's, not the first's: a first
    model sure of every line does not widen it."""
    band = "text_unsure = [0.6, 0.8]\ntext_run_unsure = [0.2, 0.8]\n"
    whole = config_with_models(tmp_path / "whole", 5.0, 5.0, -5.0)
    with_text_settings(whole, 0.3, band)
    judged = cleaners(whole)[0].judge(Page(content=TEXT, origin="t"), TEXT)
    texts = [block.text for block in judged.blocks]
    assert judged.labels == judged.hand
    assert judged.labels[texts.index(PROSE)] is None
    single = config_with_models(tmp_path / "single", 5.0, 5.0, 5.0)
    with_text_settings(single, -0.2, band)
    narrow = cleaners(single)[0].judge(Page(content=TEXT, origin="t"), TEXT)
    prose = [texts.index(PROSE), texts.index(f"{PROSE} Again.")]
    assert [narrow.labels[i] for i in prose].count(UNLIKELY_TEXT) >= 1


def test_the_run_reaches_the_lines_next_to_it(tmp_path: Path) -> None:
    """A run of one line that reaches every other line judges the whole page in the run band,
    as a run of the whole page does."""
    band = "text_unsure = [0.6, 0.8]\ntext_run_unsure = [0.2, 0.8]\ntext_run_reach = 50\n"
    config = config_with_models(tmp_path, 5.0, 5.0, -5.0)
    with_text_settings(config, 0.3, band)
    judged = cleaners(config)[0].judge(Page(content=TEXT, origin="t"), TEXT)
    assert judged.labels == judged.hand


def test_the_run_reaches_past_a_prompt_a_veto_rule_removed(tmp_path: Path) -> None:
    """Three lines of sure prose, a prompt a veto rule removed, then a doubted paragraph the
    hand-set stages keep: with a reach of one line, the prompt does not count, so the
    paragraph is judged in the run band, where the hand-set label stands. Any other removal
    counts: after an advertisement line the paragraph is out of reach, and goes."""
    config = config_with_models(tmp_path, 5.0, 5.0, 5.0)
    models = cleaners(config)[0].models
    assert models is not None
    models = replace(
        models, text_unsure=(0.6, 0.8), text_run_unsure=(0.2, 0.8), text_run_reach=1
    )
    p = np.array([0.9, 0.9, 0.9, 0.1, 0.45])
    words = np.full(5, 20.0)
    vetoed = [None, None, None, "newsletter.signup", None]
    assert models.decide_text(vetoed, p, words)[4] is None
    unfixed = [None, None, None, "ads.label", None]
    assert models.decide_text(unfixed, p, words)[4] == UNLIKELY_TEXT


def test_the_writers_bio_stays_out_whatever_the_model_says(tmp_path: Path) -> None:
    config = config_with_models(tmp_path, 5.0, 5.0, 5.0)
    models = cleaners(config)[0].models
    assert models is not None
    labels = [None, AUTHOR_BIO, "ads.label"]
    sure = np.full(3, 0.99)
    assert models.decide(labels, sure) == [None, AUTHOR_BIO, None]


@pytest.mark.parametrize(("reach", "removed"), [(0, [5, 6, 7]), (1, [6, 7])])
def test_after_the_likeliest_run_of_blocks_only_what_the_model_is_sure_of_stays(
    tmp_path: Path, reach: int, removed: list[int]
) -> None:
    """Eight blocks of ten words the hand-set stages keep; the model is sure of blocks 1, 3
    and 4 (90 %), doubts 0, 2, 5 and 6 (45 %) and rejects 7 (10 %). The likeliest run is
    blocks 1-4: the doubted block before it and the one inside it keep the hand-set label
    (0.2-0.8), those after it are judged in `after_run_band` (0.5-0.8) and removed, but for
    the one `run_reach` lets in. What only that band removed says so; block 7, which any
    band removes, keeps the model's usual reason."""
    config = config_with_models(tmp_path, 5.0, 5.0, 5.0)
    settings = config.config_dir / "models" / "models.toml"
    gate = f"after_run_band = [0.5, 0.8]\nrun_reach = {reach}\n"
    settings.write_text(settings.read_text(encoding="utf-8") + gate, encoding="utf-8")
    models = cleaners(config)[1].models
    assert models is not None
    stats = [BlockStats(10.0, 0.4, True, 0.1, 1, 0.0)] * 8
    probabilities = np.array([0.45, 0.9, 0.45, 0.9, 0.9, 0.45, 0.45, 0.1])
    for voted in (False, True):
        decided = models.html_blocks([None] * 8, probabilities, stats, voted)
        assert [i for i, label in enumerate(decided) if label is not None] == removed
        assert [decided[i] for i in removed] == [AFTER_STORY] * (len(removed) - 1) + [
            UNLIKELY_TEXT
        ]
    # without the setting, the hand-set label stands on every doubted block
    plain = replace(models, after_run_band=None)
    assert plain.html_blocks([None] * 8, probabilities, stats, False) == [None] * 7 + [
        UNLIKELY_TEXT
    ]


def test_the_bands_the_hand_set_label_stands_in_are_apart_from_the_vote_gate(
    tmp_path: Path,
) -> None:
    """A model 73 % sure of every block: `unsure` decides whether trafilatura is asked,
    `hand_band` where the hand-set label stands on a page judged without the vote, and
    `voted_hand_band` the same after it; each defaults to the one before."""
    page = Page(content=HTML, origin="t")

    def judged(name: str, gate: str) -> HtmlJudgement:
        config = config_with_models(tmp_path / name, 1.0, 1.0, 5.0, thin=0)
        settings = config.config_dir / "models" / "models.toml"
        text = settings.read_text(encoding="utf-8").replace("unsure = [0.2, 0.8]\n", gate)
        settings.write_text(text, encoding="utf-8")
        return cleaners(config)[1].judge(page, HTML)

    texts = [block.text for block in judged("probe", "").dom.blocks]
    home, prose = texts.index("Home"), texts.index(PROSE)
    # not unsure in a band above 73 %: no vote, and under that band the model removes the prose
    above = judged("above", "unsure = [0.8, 0.9]\n")
    assert not above.extractor_ran and above.labels[prose] == UNLIKELY_TEXT
    # the same gate, the hand-set label standing in a band around 73 %
    standing = judged("standing", "unsure = [0.8, 0.9]\nhand_band = [0.2, 0.8]\n")
    assert not standing.extractor_ran and standing.labels == standing.hand
    assert standing.labels[prose] is None and standing.labels[home] is not None
    # unsure: the vote runs, and its own band decides after it
    voted = judged("voted", "unsure = [0.2, 0.8]\n")
    assert voted.extractor_ran and voted.labels == voted.hand
    sure_after = judged("sure-after", "unsure = [0.2, 0.8]\nvoted_hand_band = [0.5, 0.5]\n")
    assert sure_after.extractor_ran and sure_after.hand[home] is not None
    assert sure_after.labels[home] is None  # the voted model, above its band, keeps the menu


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("hand_bands = [0.2, 0.8]\n", "unknown keys \\['hand_bands'\\]"),
        ("hand_band = 0.5\n", "hand_band must be \\[low, high\\]"),
        ('voted_hand_band = ["low", "high"]\n', "voted_hand_band must be \\[low, high\\]"),
        ("text_unsure = [0.8, 0.2]\n", "text_unsure must have 0 <= low <= high <= 1"),
        ("hand_band = [0.2, 1.5]\n", "hand_band must have 0 <= low <= high <= 1"),
        ("vote_prune_below = 1.2\n", "vote_prune_below must be a number in 0-1, not 1.2"),
        ('vote_prune_below = "low"\n', "vote_prune_below must be a number in 0-1, not 'low'"),
        ("vote_prune_below = true\n", "vote_prune_below must be a number in 0-1, not True"),
        ('unsure_share = "a tenth"\n', "unsure_share must be a number in 0-1, not 'a tenth'"),
        ("thin_body_words = -1\n", "thin_body_words must be a number of 0 or more, not -1"),
        ("text_run_reach = 1.5\n", "text_run_reach must be a whole number of 0 or more"),
        ("run_reach = true\n", "run_reach must be a whole number of 0 or more, not True"),
        ("after_run_band = [0.9, 0.1]\n", "after_run_band must have 0 <= low <= high <= 1"),
    ],
)
def test_a_misspelt_or_malformed_gate_setting_is_refused(
    tmp_path: Path, line: str, message: str
) -> None:
    """A misspelt key would otherwise leave the default in force without a word."""
    config = config_with_models(tmp_path, 5.0, 5.0, 5.0)
    settings = config.config_dir / "models" / "models.toml"
    key = line.split("=")[0]  # the line takes the place of the key's own, if there is one
    rows = settings.read_text(encoding="utf-8").splitlines(True)
    text = "".join(row for row in rows if not row.startswith(key))
    settings.write_text(text + line, encoding="utf-8")
    with pytest.raises(ConfigError, match=message):
        cleaners(config)


def test_a_misspelt_model_file_key_is_refused(tmp_path: Path) -> None:
    config = config_with_models(tmp_path, 5.0, 5.0, 5.0)
    settings = config.config_dir / "models" / "models.toml"
    text = settings.read_text(encoding="utf-8").replace("[gate]", 'text_contxt = "c.npz"\n\n[gate]')
    settings.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match="\\[files\\]: unknown keys"):
        cleaners(config)
