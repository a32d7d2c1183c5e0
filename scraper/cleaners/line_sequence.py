"""A model that reads a text page's lines in order, scored with numpy alone.

The tree models judge a line from its own findings and a few neighbours' (the second one
from the first one's probabilities around it). This one reads the whole page: each line's
feature row goes through a layer of its own, then dilated convolutions over the lines 1, 2,
4, 8 and 16 away (residual, so each line sees about ±31 lines), and the page's mean and
maximum of each channel join every line's channels before its one logit. It learns what a
story's lines look like together — prose that runs on, chrome that comes in blocks — from
the same rows the trees read, and its probability is one more column of the second text tree
model (`learned.BlockModels.text_lines`), not a decision of its own: alone it kept
paraphrased chrome the rules name (BENCHMARKS.md, "Eleventh round of issue 15").

Fitted with PyTorch by `make train` (`training/text_sequence.py`), written here as flat
float32 arrays; scoring a page is a matrix product per layer, no loop over lines.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from scraper.cleaners.block_model import Floats, Rows, write_arrays

Weights = npt.NDArray[np.float32]
CLIP = 8.0  # standardised values are clipped here, as they were in training
COLUMN = "p_sequence"  # its column in the second text model


@dataclass(frozen=True, slots=True)
class LineSequenceModel:
    """`convolutions[i]` holds the taps (line −d, the line, line +d) of the layer of
    dilation `dilations[i]`; `output` reads a line's channels, then the page's."""

    names: tuple[str, ...]
    mean: Weights
    scale: Weights
    input_weight: Weights
    input_bias: Weights
    dilations: tuple[int, ...]
    convolutions: Weights  # (layers, 3, width, width)
    convolution_biases: Weights  # (layers, width)
    page_weight: Weights  # (2 × width, width)
    page_bias: Weights
    output: Weights  # (2 × width,)
    output_bias: float

    @classmethod
    def load(cls, path: Path) -> LineSequenceModel:
        with np.load(path) as data:
            arrays = {key: data[key] for key in data.files}
        f32 = {
            key: value.astype(np.float32)
            for key, value in arrays.items()
            if key not in ("names", "card")
        }
        return cls(
            names=tuple(str(name) for name in arrays["names"]),
            mean=f32["mean"],
            scale=f32["scale"],
            input_weight=f32["input_weight"],
            input_bias=f32["input_bias"],
            dilations=tuple(int(d) for d in arrays["dilations"]),
            convolutions=f32["convolutions"],
            convolution_biases=f32["convolution_biases"],
            page_weight=f32["page_weight"],
            page_bias=f32["page_bias"],
            output=f32["output"],
            output_bias=float(arrays["output_bias"]),
        )

    def save(self, path: Path, card: dict[str, str]) -> None:
        """`card`: what the model was trained on, kept in the file beside the weights."""
        write_arrays(
            path,
            {
                "names": np.asarray(self.names),
                "mean": self.mean,
                "scale": self.scale,
                "input_weight": self.input_weight,
                "input_bias": self.input_bias,
                "dilations": np.asarray(self.dilations, np.int32),
                "convolutions": self.convolutions,
                "convolution_biases": self.convolution_biases,
                "page_weight": self.page_weight,
                "page_bias": self.page_bias,
                "output": self.output,
                "output_bias": np.float32(self.output_bias),
                "card": np.asarray(sorted(f"{key}: {value}" for key, value in card.items())),
            },
        )

    def probabilities(self, rows: Rows) -> Floats:
        """The probability that each line of one page (its rows in order) is article text."""
        n = len(rows)
        if not n:
            return np.zeros(0)
        x = np.clip((rows.astype(np.float32) - self.mean) / self.scale, -CLIP, CLIP)
        h = np.maximum(x @ self.input_weight + self.input_bias, 0)
        width = h.shape[1]
        for d, taps, bias in zip(
            self.dilations, self.convolutions, self.convolution_biases, strict=True
        ):
            padded = np.zeros((n + 2 * d, width), np.float32)
            padded[d : d + n] = h
            mixed = padded[:n] @ taps[0] + h @ taps[1] + padded[2 * d :] @ taps[2] + bias
            h = h + np.maximum(mixed, 0)
        pooled = np.concatenate([h.mean(axis=0), h.max(axis=0)])
        page = np.maximum(pooled @ self.page_weight + self.page_bias, 0)
        logit = h @ self.output[:width] + float(page @ self.output[width:]) + self.output_bias
        probabilities: Floats = 1.0 / (1.0 + np.exp(-np.clip(logit.astype(np.float64), -30, 30)))
        return probabilities
