"""Which language an utterance is in: en, ja, zh-Hans, vi, nb (and a few confusers).

Script first, statistics second: kana means Japanese, Han characters without kana mean
Chinese, Hangul means Korean, Vietnamese-only letters mean Vietnamese. Everything else
written in Latin letters goes to lingua-language-detector (low-accuracy mode: trigram
models only, loaded in about 0.15 s), restricted to English and Bokmål plus the languages
most often confused with them, built once and lazily. In that mode short texts are often
taken for a neighbour (Bokmål for Danish or Nynorsk), so an utterance of at most
``SHORT_WORDS`` words whose best guess is a neighbour gets the best of *our* languages
instead; longer texts keep the neighbour. Lingua ships its models in its wheel: nothing
is downloaded.
"""

from __future__ import annotations

import re
import threading
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from lingua import LanguageDetector

UNDETERMINED = "und"
OURS: tuple[str, ...] = ("en", "ja", "zh-Hans", "vi", "nb")

_KANA = re.compile(r"[\u3040-\u30ff\u31f0-\u31ff\uff66-\uff9f]")
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_HANGUL = re.compile(r"[\uac00-\ud7af\u1100-\u11ff]")
_VIETNAMESE = re.compile(  # letters no other language we detect uses
    r"[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]", re.IGNORECASE
)
_LETTER = re.compile(r"[^\W\d_]")

SHORT_WORDS = 12
HINT_WORDS = 6
"""Utterances of at most this many words are first checked against small lists of very
common English and Norwegian words ("thanks, bye" vs "takk, ha det"): trigram statistics
have too little to go on there."""
_EN_HINTS = frozenset(
    [
        "the",
        "you",
        "it",
        "to",
        "and",
        "is",
        "are",
        "all",
        "then",
        "go",
        "thank",
        "thanks",
        "bye",
        "hello",
        "hi",
        "yes",
        "yeah",
        "no",
        "okay",
        "sure",
        "great",
        "right",
        "please",
        "sorry",
        "what",
        "how",
        "me",
        "my",
        "we",
        "see",
        "good",
        "morning",
        "let",
        "can",
        "will",
        "that",
        "this",
        "on",
        "in",
        "of",
        "problem",
        "later",
    ]
)
_NB_HINTS = frozenset(
    [
        "ja",
        "jo",
        "nei",
        "takk",
        "hei",
        "ha",
        "det",
        "er",
        "og",
        "jeg",
        "du",
        "vi",
        "ikke",
        "snakkes",
        "greit",
        "flott",
        "bare",
        "hva",
        "hvordan",
        "morgen",
        "så",
        "også",
        "meg",
        "deg",
        "min",
        "din",
        "skal",
        "har",
        "helt",
        "nå",
        "bra",
        "fint",
        "hallo",
        "beklager",
        "unnskyld",
        "tusen",
        "dere",
    ]
)
_NORDIC = re.compile(r"[æøå]", re.IGNORECASE)
_WORDS = re.compile(r"[^\W\d_]+")
_lock = threading.Lock()
_detector: LanguageDetector | None = None
_CODES: dict[str, str] = {}
_PREFERRED = ("en", "nb")


def _build() -> LanguageDetector:
    from lingua import Language, LanguageDetectorBuilder

    codes = {
        Language.ENGLISH: "en",
        Language.BOKMAL: "nb",
        Language.NYNORSK: "nn",
        Language.DANISH: "da",
        Language.SWEDISH: "sv",
        Language.GERMAN: "de",
    }
    _CODES.update({lang.name: code for lang, code in codes.items()})
    return LanguageDetectorBuilder.from_languages(*codes).with_low_accuracy_mode().build()


def detector() -> LanguageDetector:
    global _detector
    with _lock:
        if _detector is None:
            _detector = _build()
        return _detector


def detect(text: str, fallback: str = UNDETERMINED) -> str:
    """The language code of ``text``, or ``fallback`` when it cannot be told (``"42"``)."""
    if _KANA.search(text):
        return "ja"
    if _HAN.search(text):
        return "zh-Hans"
    if _HANGUL.search(text):
        return "ko"
    if _VIETNAMESE.search(text):
        return "vi"
    if not _LETTER.search(text):
        return fallback
    words = [w.lower() for w in _WORDS.findall(text)]
    if len(words) <= HINT_WORDS:
        en = sum(w in _EN_HINTS for w in words)
        nb = sum(w in _NB_HINTS for w in words)
        if nb > en:
            return "nb"
        if en > nb and not _NORDIC.search(text):
            return "en"
    values = detector().compute_language_confidence_values(text)
    if not values or values[0].value == 0:
        return fallback
    best = _CODES[values[0].language.name]
    if best in _PREFERRED or len(text.split()) > SHORT_WORDS:
        return best
    return next(code for v in values if (code := _CODES[v.language.name]) in _PREFERRED)
