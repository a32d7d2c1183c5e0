"""Language identification and per-language stop words.

Stop-word density is the classifier's strongest language-aware signal (prose is full of
function words, menus are not), so the cleaner needs the page's language before it can judge
blocks. Detection uses py3langid's model; stop lists come from jusText's 100 languages.

py3langid's own loader unpacks its model (4.6 MB of LZMA, 68 MB of arrays) through a temp
file, in every process at its first page: a worker that cannot write a file (a full disk,
`ulimit -f`) then failed every page. `load_identifier` reads the arrays straight out of the
LZMA stream instead (the model is an uncompressed zip of `.npy` arrays, which can be read
front to back) in the same peak memory and a little less time (0.31 s against 0.40 s,
median of 5), and the job's workers call it at start-up, so a failure is one start-up
error, not a record per page. The unpacked arrays are then kept in the user's cache and
memory-mapped by later processes (0.03 s; `scraper.normalize.array_cache`), when a file can
be written there.
"""

from __future__ import annotations

import lzma
import os
import struct
from array import array
from collections.abc import Iterator
from functools import cache
from importlib.metadata import version
from importlib.resources import files
from importlib.util import find_spec
from io import BufferedIOBase

import numpy as np
from py3langid.langid import LanguageIdentifier

from scraper.normalize.array_cache import cache_folder, read_arrays, write_arrays

_MODEL = ("py3langid", "data/model.npz.xz")
_MODEL_KEYS = ("ptc", "pc", "classes", "nextmove", "nextmove_row", "out_feat")
_TYPECODES = {2: "H", 4: "I", 8: "L"}
_ZIP_ENTRY = struct.Struct("<4sHHHHHIIIHH")  # a zip member's local header

_STOPLIST_NAMES = {
    "af": "Afrikaans",
    "an": "Aragonese",
    "ar": "Arabic",
    "ast": "Asturian",
    "az": "Azerbaijani",
    "be": "Belarusian",
    "bg": "Bulgarian",
    "bn": "Bengali",
    "br": "Breton",
    "bs": "Bosnian",
    "ca": "Catalan",
    "ceb": "Cebuano",
    "cs": "Czech",
    "cv": "Chuvash",
    "cy": "Welsh",
    "da": "Danish",
    "de": "German",
    "el": "Greek",
    "en": "English",
    "eo": "Esperanto",
    "es": "Spanish",
    "et": "Estonian",
    "eu": "Basque",
    "fa": "Persian",
    "fi": "Finnish",
    "fr": "French",
    "fy": "West_Frisian",
    "ga": "Irish",
    "gl": "Galician",
    "gu": "Gujarati",
    "he": "Hebrew",
    "hi": "Hindi",
    "hr": "Croatian",
    "ht": "Haitian",
    "hu": "Hungarian",
    "hy": "Armenian",
    "id": "Indonesian",
    "ig": "Igbo",
    "io": "Ido",
    "is": "Icelandic",
    "it": "Italian",
    "jv": "Javanese",
    "ka": "Georgian",
    "kk": "Kazakh",
    "kn": "Kannada",
    "ko": "Korean",
    "ku": "Kurdish",
    "ky": "Kyrgyz",
    "la": "Latin",
    "lb": "Luxembourgish",
    "lt": "Lithuanian",
    "lv": "Latvian",
    "mk": "Macedonian",
    "ml": "Malayalam",
    "mr": "Marathi",
    "ms": "Malay",
    "mt": "Maltese",
    "nb": "Norwegian_Bokmal",
    "ne": "Nepali",
    "nl": "Dutch",
    "nn": "Norwegian_Nynorsk",
    "no": "Norwegian_Bokmal",
    "oc": "Occitan",
    "pa": "Western_Panjabi",
    "pl": "Polish",
    "pt": "Portuguese",
    "qu": "Quechua",
    "ro": "Romanian",
    "ru": "Russian",
    "sk": "Slovak",
    "sl": "Slovenian",
    "sq": "Albanian",
    "sr": "Serbian",
    "su": "Sundanese",
    "sv": "Swedish",
    "sw": "Swahili",
    "ta": "Tamil",
    "te": "Telugu",
    "tl": "Tagalog",
    "tr": "Turkish",
    "uk": "Ukrainian",
    "ur": "Urdu",
    "uz": "Uzbek",
    "vi": "Vietnamese",
    "wa": "Walloon",
    "yo": "Yoruba",
}

_SAMPLE_CHARS = 1200
MIN_LETTERS = 20  # fewer, and the language cannot be told


def language_sample(paragraphs: list[str], limit: int = _SAMPLE_CHARS) -> str:
    """The longest paragraphs, up to `limit` characters: prose says more about a page's
    language than its menus do, and a short sample keeps detection cheap."""
    sample: list[str] = []
    size = 0
    for paragraph in sorted(paragraphs, key=len, reverse=True):
        if size >= limit:
            break
        sample.append(paragraph[: limit - size])
        size += len(sample[-1]) + 1
    return "\n".join(sample)


def _unsigned(values: np.ndarray) -> array[int]:
    """The stdlib array of unsigned ints py3langid's tokenizer indexes (fast per-item access)."""
    unsigned = array(_TYPECODES[values.dtype.itemsize])
    unsigned.frombytes(np.ascontiguousarray(values).data.cast("B"))
    return unsigned


def _signed(values: np.ndarray) -> array[int]:
    """The stdlib array of signed ints (-1: no feature) py3langid's tokenizer indexes.

    An array, not the list py3langid's own loader makes: a list of 100,000 ints holds as
    many int objects (with the offsets below, 6.6 MB more of the process's heap than the
    two arrays' 1.7 MB), which Python's garbage collector walks at every full collection;
    an array is one object it never looks into, and as fast to index."""
    return array("q", np.asarray(values, np.int64).tobytes())


def _stored_arrays(stream: BufferedIOBase) -> Iterator[tuple[str, np.ndarray]]:
    """The arrays of an `.npz` read front to back: each member's local header, then its
    `.npy` data, until the zip's central directory. Only an uncompressed zip whose headers
    give the sizes (what `np.savez` writes) can be read so; anything else is a ValueError."""
    while True:
        header = stream.read(_ZIP_ENTRY.size)
        if header[:4] != b"PK\x03\x04":
            return
        fields = _ZIP_ENTRY.unpack(header)
        flags, method, name_size, extra_size = fields[2], fields[3], fields[9], fields[10]
        if method != 0 or flags & 0x08:
            raise ValueError("py3langid's model is not a plain stored npz: unknown layout")
        name = stream.read(name_size).decode()
        stream.read(extra_size)
        yield name.removesuffix(".npy"), np.lib.format.read_array(stream, allow_pickle=False)


@cache
def load_identifier() -> LanguageIdentifier:
    """py3langid's identifier, once a process: its arrays mapped from the user's cache when
    an earlier process left them there (`scraper.normalize.array_cache`), else its model
    unpacked in memory (no temp file) and then offered to the cache.

    Raises OSError or MemoryError when the model cannot be read or unpacked; ValueError when
    the installed py3langid ships a model layout this loader does not know."""
    package, name = _MODEL
    folder = cache_folder(f"{package}-{version(package)}-{name.replace('/', '-')}")
    data = read_arrays(folder, _MODEL_KEYS) if folder else None
    if data is None:
        with lzma.open(files(package).joinpath(name).open("rb")) as stream:
            data = dict(_stored_arrays(stream))
        if folder and set(_MODEL_KEYS) <= set(data):
            write_arrays(folder, {key: data[key] for key in _MODEL_KEYS})
    missing = set(_MODEL_KEYS).difference(data)
    if missing:
        raise ValueError(f"py3langid's model lacks {sorted(missing)}: unknown layout")
    identifier = LanguageIdentifier(
        data["ptc"],
        data["pc"],
        data["classes"].tolist(),
        _unsigned(data.pop("nextmove")),
        _signed(data["out_feat"]),
        tk_row=_unsigned(data["nextmove_row"]),
    )
    rowbase = getattr(identifier, "_rowbase", None)
    if isinstance(rowbase, list):  # py3langid's own offsets, pre-shifted, as a list
        identifier._rowbase = array("q", rowbase)
    return identifier


def _has_letters(text: str, count: int) -> bool:
    """Whether the text holds `count` letters: read only as far as the count (a page's first
    words, nearly always), not letter by letter to its end."""
    for ch in text:
        if ch.isalpha():
            count -= 1
            if not count:
                return True
    return count <= 0


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of the text's language, or None when there is too little text to tell."""
    sample = text[:_SAMPLE_CHARS]
    if not _has_letters(sample[:2000], MIN_LETTERS):
        return None
    code, _score = load_identifier().classify(sample)
    return str(code) if code else None


@cache
def stopwords(language: str | None) -> frozenset[str]:
    """Lower-cased stop words of the language; empty when none are known (density unused)."""
    name = _STOPLIST_NAMES.get(language or "")
    if name is None:
        return frozenset()
    return frozenset(word.lower() for word in _stoplist(name))


def _stoplist(name: str) -> frozenset[str]:
    """jusText's stop-list `name`, as its `get_stoplist` reads it, but without importing
    jusText: that loads urllib's HTTP client and SSL, a few hundredths of a second of every
    `scraper clean`. Read through the package's loader, so an installed zip works too."""
    spec = find_spec("justext")
    if spec is None or spec.origin is None or spec.loader is None:
        raise ModuleNotFoundError("jusText is not installed")
    path = os.path.join(os.path.dirname(spec.origin), "stoplists", f"{name}.txt")
    data: bytes = spec.loader.get_data(path)  # type: ignore[attr-defined]
    return frozenset(line.decode("utf8").lower() for line in data.splitlines())
