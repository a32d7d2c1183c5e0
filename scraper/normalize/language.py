"""Language identification and per-language stop words.

Stop-word density is the classifier's strongest language-aware signal (prose is full of
function words, menus are not), so the cleaner needs the page's language before it can judge
blocks. Detection uses py3langid; stop lists come from jusText's 100 languages.
"""

from __future__ import annotations

from functools import cache

import justext
import py3langid

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


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of the text's language, or None when there is too little text to tell."""
    sample = text[:_SAMPLE_CHARS]
    if sum(ch.isalpha() for ch in sample[:2000]) < 20:
        return None
    code, _score = py3langid.classify(sample)
    return code or None


@cache
def stopwords(language: str | None) -> frozenset[str]:
    """Lower-cased stop words of the language; empty when none are known (density unused)."""
    name = _STOPLIST_NAMES.get(language or "")
    if name is None:
        return frozenset()
    return frozenset(word.lower() for word in justext.get_stoplist(name))
