"""Per-language word lists: questions, and references to oneself vs to the other person.

The lists are documented in docs/conversation.md. Languages written with spaces are
matched on whole words (lower case); Japanese and Chinese are matched as substrings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# --- self-reference --------------------------------------------------------------------

SELF_WORDS: dict[str, tuple[str, ...]] = {
    "en": ("i", "me", "my", "mine", "myself", "i'm", "i'll", "i've", "i'd"),
    "ja": ("私", "わたし", "わたくし", "僕", "ぼく", "俺", "自分", "弊社", "当社"),
    "zh-Hans": ("我",),
    "vi": ("tôi", "mình", "em", "tớ", "bên em", "bên tôi", "chúng tôi"),
    "nb": ("jeg", "meg", "min", "mitt", "mine", "meg selv"),
}
"""Words by which a speaker refers to themself (or their own firm: 弊社, chúng tôi)."""

OTHER_WORDS: dict[str, tuple[str, ...]] = {
    "en": ("you", "your", "yours", "yourself", "yourselves", "you're", "you'll", "you've"),
    "ja": ("あなた", "御社", "貴社", "お客様", "そちら", "さん", "様"),
    "zh-Hans": ("你", "您"),
    "vi": ("anh", "chị", "bạn", "quý khách", "quý công ty", "bên anh", "bên chị", "ông", "bà"),
    "nb": ("du", "deg", "din", "ditt", "dine", "dere", "deres"),
}
"""Words by which a speaker addresses or refers to the other person (or their firm)."""

_CJK_LANGS = frozenset({"ja", "zh-Hans"})


def _word_pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    ordered = sorted(words, key=len, reverse=True)
    alternation = "|".join(re.escape(w).replace("'", "['’]") for w in ordered)
    return re.compile(rf"(?<![\w'’])(?:{alternation})(?![\w'’])", re.IGNORECASE)


def _cjk_pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    ordered = sorted(words, key=len, reverse=True)
    return re.compile("|".join(re.escape(w) for w in ordered))


_SELF = {
    lang: (_cjk_pattern(w) if lang in _CJK_LANGS else _word_pattern(w))
    for lang, w in SELF_WORDS.items()
}
_OTHER = {
    lang: (_cjk_pattern(w) if lang in _CJK_LANGS else _word_pattern(w))
    for lang, w in OTHER_WORDS.items()
}
_ZH_WE = re.compile(r"我们|咱们")


@dataclass(frozen=True, slots=True)
class References:
    mine: int
    yours: int


def references(text: str, language: str) -> References:
    """Self- and other-references in ``text`` (language from ``detect``; English otherwise).

    In Chinese, 我们/咱们 ("we") is not counted as self-reference.
    """
    lang = language if language in _SELF else "en"
    sample = _ZH_WE.sub("", text) if lang == "zh-Hans" else text
    mine = len(_SELF[lang].findall(sample))
    yours = len(_OTHER[lang].findall(sample))
    return References(mine, yours)


# --- questions -------------------------------------------------------------------------

_QMARKS = re.compile(r"[?？]+")
_SENTENCES = re.compile(r"[^.!?。！？…]+[.!?。！？…]*")
_ENDINGS: dict[str, re.Pattern[str]] = {
    "ja": re.compile(r"(?:か|かね|でしょうか|ですか|ますか)[。．、\s]*$"),
    "zh-Hans": re.compile(r"(?:吗|呢|么|没有|是不是|对不对|好不好)[。，\s]*$"),
    "vi": re.compile(
        r"(?<!\w)(?:không|chưa|à|hả|nhỉ|sao|chứ|phải không|được không)[\s.]*$", re.IGNORECASE
    ),
    "nb": re.compile(r"(?<!\w)(?:ikke sant|eller hva|vel)[\s.]*$", re.IGNORECASE),
    "en": re.compile(
        r"(?<!\w)(?:right|isn't it|don't you|aren't you|doesn't it|won't you)[\s.]*$",
        re.IGNORECASE,
    ),
}
_NB_OPENERS = re.compile(
    r"^(?:hva|hvem|hvor|hvordan|hvorfor|når|hvilke|hvilken|har du|har dere|kan du|kan dere|"
    r"er du|er dere|skal vi|vil du)\b",
    re.IGNORECASE,
)
_EN_OPENERS = re.compile(
    r"^(?:what|who|where|when|why|how|which|do you|did you|are you|is it|can you|could you|"
    r"would you|will you|have you|shall we|should we)\b",
    re.IGNORECASE,
)
_OPENERS = {"nb": _NB_OPENERS, "en": _EN_OPENERS}


def questions(text: str, language: str) -> int:
    """How many questions ``text`` asks.

    A sentence is a question when it ends with ? or ？; without a question mark (speech
    recognisers often drop it), when it ends with a question particle (ja か/ですか/ますか,
    zh 吗/呢, vi không/chưa/à/nhỉ, nb ikke sant/eller hva, en tags like "right") or, for
    English and Norwegian, opens with a question word or an inverted verb.
    """
    count = 0
    for sentence in _SENTENCES.findall(text):
        stripped = sentence.strip()
        if not stripped:
            continue
        if _QMARKS.search(stripped):
            count += 1
            continue
        ending = _ENDINGS.get(language)
        opener = _OPENERS.get(language)
        if (ending is not None and ending.search(stripped)) or (
            opener is not None and opener.search(stripped)
        ):
            count += 1
    return count
