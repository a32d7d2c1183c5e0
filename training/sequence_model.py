"""The line sequence model's PyTorch side: the network, its fitting, and `SequenceFits`, which
keeps each fit as the product's numpy model file (`scraper/cleaners/line_sequence.py`).

`make train` (`pipeline_lodo.py`) fits the convolutional model without words on the datasets
of each fold; `text_sequence.py` and `text_stacked.py` measure it and its kin
leave-one-dataset-out. Each dataset weighs the same in a fit and each page the same within
it; the number of epochs was set before any fold was scored (eleventh round).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
import torch
from torch import nn

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from export_model import from_torch  # noqa: E402
from lodo import HELD_OUT, SEED, Table, balanced, page_chunks, page_weights  # noqa: E402
from text_ceiling import word_matrix  # noqa: E402

from scraper.cleaners.line_sequence import LineSequenceModel  # noqa: E402

BUCKETS = 2**16
DILATIONS = (1, 2, 4, 8, 16)
EPOCHS = 6  # chosen before any fold was scored (eleventh round)
# a fit's arithmetic is reproducible for a fixed number of threads (the order of its sums)
THREADS = 2


class LineSequence(nn.Module):
    """Per-line features (and word bag) -> dilated convolutions -> BiGRU -> one logit."""

    def __init__(
        self, features: int, words: bool, recurrent: bool, width: int = 64, embed: int = 24
    ) -> None:
        super().__init__()
        self.words = nn.EmbeddingBag(BUCKETS, embed, mode="sum") if words else None
        self.inp = nn.Linear(features + (embed if words else 0), width)
        self.convs = nn.ModuleList(
            nn.Conv1d(width, width, 3, dilation=d, padding=d) for d in DILATIONS
        )
        self.gru = (
            nn.GRU(width, width // 2, batch_first=True, bidirectional=True) if recurrent else None
        )
        self.page: Any = None if recurrent else nn.Linear(2 * width, width)
        self.out = nn.Linear(2 * width, 1)

    def forward(self, x: torch.Tensor, mask: torch.Tensor, bag: torch.Tensor | None) -> Any:
        if self.words is not None and bag is not None:
            x = torch.cat([x, bag], dim=-1)
        h = torch.relu(self.inp(x)) * mask
        for conv in self.convs:
            h = h + torch.relu(conv(h.transpose(1, 2)).transpose(1, 2)) * mask
        if self.gru is not None:
            lengths = mask[:, :, 0].sum(1).long().cpu()
            packed = nn.utils.rnn.pack_padded_sequence(
                h, lengths, batch_first=True, enforce_sorted=False
            )
            g, _ = self.gru(packed)
            g, _ = nn.utils.rnn.pad_packed_sequence(g, batch_first=True, total_length=h.shape[1])
        else:  # the page's mean and max of each channel, beside each line's own
            mean = h.sum(1) / mask.sum(1)
            peak = (h - 1e4 * (1 - mask)).max(1).values
            g = torch.relu(self.page(torch.cat([mean, peak], dim=-1)))[:, None, :].expand_as(h)
        return self.out(torch.cat([h, g], dim=-1)).squeeze(-1)


class Pages:
    """The table cut into pages, with each line's word bag as (bucket, count) lists."""

    def __init__(self, table: Table, words: bool) -> None:
        self.table = table
        self.starts = np.searchsorted(table.page, np.arange(len(table.ids) + 1))
        self.matrix = word_matrix(table).tocsr() if words else None

    def batch(
        self, pages: np.ndarray, X: np.ndarray, model: LineSequence, weights: np.ndarray
    ) -> tuple[Any, Any, Any, Any, Any]:
        spans = [(self.starts[p], self.starts[p + 1]) for p in pages]
        longest = max(end - start for start, end in spans)
        x = np.zeros((len(pages), longest, X.shape[1]), np.float32)
        y = np.zeros((len(pages), longest), np.float32)
        w = np.zeros((len(pages), longest), np.float32)
        mask = np.zeros((len(pages), longest, 1), np.float32)
        for at, (start, end) in enumerate(spans):
            n = end - start
            x[at, :n] = X[start:end]
            y[at, :n] = np.maximum(self.table.y[start:end], 0)
            w[at, :n] = np.where(self.table.y[start:end] >= 0, weights[start:end], 0.0)
            mask[at, :n] = 1.0
        bag = None
        if self.matrix is not None and model.words is not None:
            rows = np.concatenate([np.arange(s, e) for s, e in spans])
            part = self.matrix[rows]
            flat = model.words(
                torch.from_numpy((part.indices % BUCKETS).astype(np.int64)),
                torch.from_numpy(part.indptr[:-1].astype(np.int64)),
                per_sample_weights=torch.from_numpy(np.log1p(part.data).astype(np.float32)),
            )
            bag = torch.zeros((len(pages), longest, flat.shape[1]))
            offset = 0
            for at, (start, end) in enumerate(spans):
                bag[at, : end - start] = flat[offset : offset + end - start]
                offset += end - start
        return (
            torch.from_numpy(x),
            torch.from_numpy(y),
            torch.from_numpy(w),
            torch.from_numpy(mask),
            bag,
        )


def batches(
    pages: np.ndarray, lengths: np.ndarray, size: int, rng: np.random.Generator
) -> list[np.ndarray]:
    """Pages shuffled, then grouped with pages of like length so that padding stays small."""
    order = rng.permutation(pages)
    chunks = [order[i : i + size * 20] for i in range(0, len(order), size * 20)]
    out: list[np.ndarray] = []
    for chunk in chunks:
        chunk = chunk[np.argsort(lengths[chunk], kind="stable")]
        out.extend(chunk[i : i + size] for i in range(0, len(chunk), size))
    rng.shuffle(out)
    return out


def fit_fold(
    data: Pages,
    X: np.ndarray,
    weights: np.ndarray,
    train_pages: np.ndarray,
    epochs: int,
    words: bool,
    recurrent: bool,
) -> LineSequence:
    torch.set_num_threads(THREADS)
    torch.use_deterministic_algorithms(True)
    torch.manual_seed(SEED)
    rng = np.random.default_rng(SEED)
    model = LineSequence(X.shape[1], words, recurrent)
    optimiser = torch.optim.AdamW(model.parameters(), lr=2e-3, weight_decay=1e-4)
    lengths = np.diff(data.starts)
    steps = epochs * len(batches(train_pages, lengths, 8, np.random.default_rng(0)))
    schedule = torch.optim.lr_scheduler.OneCycleLR(optimiser, max_lr=3e-3, total_steps=steps)
    for epoch in range(epochs):
        started, total = time.time(), 0.0
        model.train()
        for chunk in batches(train_pages, lengths, 8, rng):
            x, y, w, mask, bag = data.batch(chunk, X, model, weights)
            logits = model(x, mask, bag)
            loss = (
                nn.functional.binary_cross_entropy_with_logits(logits, y, reduction="none") * w
            ).sum()
            loss = loss / max(float(w.sum()), 1e-9)
            optimiser.zero_grad()
            loss.backward()
            nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimiser.step()
            schedule.step()
            total += float(loss.detach())
        print(
            f"  epoch {epoch} loss {total:.2f} {time.time() - started:.0f} s",
            file=sys.stderr,
            flush=True,
        )
    return model


def predict(data: Pages, X: np.ndarray, model: LineSequence, pages: np.ndarray) -> np.ndarray:
    p = np.zeros(len(data.table.y))
    model.eval()
    with torch.no_grad():
        for chunk in batches(pages, np.diff(data.starts), 8, np.random.default_rng(0)):
            x, _, _, mask, bag = data.batch(chunk, X, model, np.zeros(len(p)))
            probs = torch.sigmoid(model(x, mask, bag)).numpy()
            for at, page in enumerate(chunk):
                start, end = data.starts[page], data.starts[page + 1]
                p[start:end] = probs[at, : end - start]
    return p


def scaling(X: np.ndarray, train: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each column's centre and scale on the training rows; a flag (0 or 1 on every row) is
    left as it is: a rule that fires on one line in a thousand would otherwise read as 30
    standard deviations on a page that has it, and the model would meet values it never saw."""
    flag = np.all((X == 0) | (X == 1), axis=0)
    mean = np.where(flag, 0.0, X[train].mean(0))
    std = np.where(flag, 1.0, np.maximum(X[train].std(0), 1e-3))
    return mean.astype(np.float32), std.astype(np.float32)


def standardised(X: np.ndarray, mean: np.ndarray, std: np.ndarray) -> np.ndarray:
    out: np.ndarray = np.clip((X - mean) / std, -8.0, 8.0).astype(np.float32)
    return out


class Fitted:
    """A sequence model with the column scaling of the rows it was fitted on."""

    def __init__(self, model: LineSequence, mean: np.ndarray, std: np.ndarray) -> None:
        self.model, self.mean, self.std = model, mean, std

    def probabilities(self, data: Pages, rows: np.ndarray) -> np.ndarray:
        """The model's probability for `rows` (whole pages)."""
        X = standardised(data.table.X, self.mean, self.std)
        pages = np.unique(data.table.page[rows])
        pages = pages[np.diff(data.starts)[pages] > 0]
        out: np.ndarray = predict(data, X, self.model, pages)[rows]
        return out

    def export(self, names: tuple[str, ...]) -> LineSequenceModel:
        """The product's numpy model (the convolutional one without words only)."""
        if self.model.gru is not None or self.model.words is not None:
            raise ValueError("only the convolutional model without words is exported")
        state = {key: value.numpy() for key, value in self.model.state_dict().items()}
        return from_torch(state, self.mean, self.std, names, DILATIONS)

    def save(self, path: Path) -> None:
        torch.save(
            {"state": self.model.state_dict(), "mean": self.mean, "std": self.std,
             "words": self.model.words is not None, "recurrent": self.model.gru is not None},
            path,
        )  # fmt: skip


def fit_on(
    data: Pages, on: frozenset[str], weights: np.ndarray, epochs: int, words: bool,
    recurrent: bool,
) -> Fitted:
    """A sequence model fitted on the labelled lines of the datasets `on`, each dataset
    weighing the same and each page the same within it."""
    table = data.table
    row_dataset = table.datasets[table.page]
    train = np.isin(row_dataset, sorted(on))
    fit = train & (table.y >= 0)
    mean, std = scaling(table.X, train)
    X = standardised(table.X, mean, std)
    scale = balanced(weights, row_dataset, fit) * fit.sum()
    pages = np.flatnonzero(np.diff(data.starts) > 0)  # an empty rendering has no line to judge
    train_pages = pages[np.isin(table.datasets[pages], sorted(on))]
    print(f"  fitting on {len(train_pages)} pages", file=sys.stderr, flush=True)
    return Fitted(fit_fold(data, X, scale, train_pages, epochs, words, recurrent), mean, std)


class SequenceFits:
    """The convolutional sequence model by the datasets it was fitted on, fitted once and kept
    in `folder` as the product's model file (`sequence-conv-on-A+B.npz`); its probabilities
    are the product's (numpy) ones."""

    def __init__(self, table: Table, folder: Path, epochs: int = EPOCHS) -> None:
        self.data, self.folder, self.epochs = Pages(table, False), folder, epochs
        words = np.expm1(table.X[:, table.names.index("log_words")])
        self.weights = page_weights(table.y, table.page, words)
        self.row_dataset = table.datasets[table.page]
        self.tuning = frozenset(table.datasets.tolist()) - {HELD_OUT}
        self.loaded: dict[frozenset[str], LineSequenceModel] = {}

    def path(self, on: frozenset[str]) -> Path:
        return self.folder / f"sequence-conv-on-{'+'.join(sorted(on))}-{self.epochs}.npz"

    def model(self, on: frozenset[str]) -> LineSequenceModel:
        """The model fitted on the datasets `on`."""
        if on not in self.loaded:
            path = self.path(on)
            if not path.exists():
                fitted = fit_on(self.data, on, self.weights, self.epochs, False, False)
                self.folder.mkdir(parents=True, exist_ok=True)
                card = {"seed": str(SEED), "epochs": str(self.epochs), "mode": "text sequence"}
                model = fitted.export(self.data.table.names)
                model.save(path, card | {"trained on": ", ".join(sorted(on))})
            self.loaded[on] = LineSequenceModel.load(path)
        return self.loaded[on]

    def probabilities(self, on: frozenset[str], rows: np.ndarray) -> np.ndarray:
        """The probabilities of `rows` (whole pages, in table order, outside `on`)."""
        table = self.data.table
        assert not set(self.row_dataset[rows].tolist()) & on, "in-sample probabilities"
        model = self.model(on)
        pages = table.page[rows]
        out = np.zeros(len(rows))
        for at in page_chunks(pages):
            out[at] = model.probabilities(table.X[rows[at]])
        return out

    def column(self, on: frozenset[str], rows: np.ndarray) -> np.ndarray:
        """The second text model's sequence column for `rows` (`text_context.second_stage`'s
        `extra`)."""
        column: np.ndarray = self.probabilities(on, rows)[:, None].astype(np.float32)
        return column
