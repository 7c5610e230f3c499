"""Take the *style* out of an utterance before the labeller sees it.

The labeller must decide on topic (private life vs the work), not on how something is
said. Chit-chat corpora are full of "I", "my", "you" and exclamation marks; meeting
speech is full of "um" and "uh". Left in, those cues teach the model that first-person,
casual talk is personal. So before features are taken, the personal pronouns (first and
second person), fillers and casual particles of the utterance's script are taken out
(not replaced by a mark: a mark would itself count pronouns), with the punctuation; the
corpora's tokenised spelling is joined up ("i 'm" -> "i'm"), and a possessive "'s" goes.
What is left is what the utterance is about: "my wife and the kids" -> "wife and the
kids", "I load the data" -> "load the data". An utterance that is nothing but such words
("mm", "you?") keeps them, lower-cased and without punctuation, so a backchannel is still
recognisable.

Which words are taken out depends on the script, so that one language's pronoun does not
cut another's word (Norwegian "du" in Vietnamese "du lịch", Japanese 私 in Chinese 隐私):
kana -> Japanese list; Han without kana -> Chinese; Vietnamese letters -> Vietnamese;
other Latin text -> English and Norwegian.
"""

from __future__ import annotations

import re
import unicodedata

_EN_NB = (
    # English pronouns with their contractions, and fillers
    "i|i'm|i've|i'll|i'd|im|ive|me|my|mine|myself|we|we're|we've|we'll|we'd|us|our|ours|"
    "ourselves|you|you're|you've|you'll|you'd|ya|your|yours|yourself|yourselves|"
    "um+|uh+|uhm+|umm+|erm|er|ah+|oh+|hmm+|mm+|mhm+|huh|"
    # Norwegian Bokmål pronouns and fillers
    "jeg|meg|mi|mitt|vi|oss|vår|vårt|våre|du|deg|din|di|ditt|dine|dere|deres|eh|ehm|øh|øhm"
)
_VI = "tôi|tui|mình|tớ|tao|ta|chúng|bọn|tụi|anh|chị|em|bạn|cậu|mày|ạ|ơi|nhé|à|ừ|ờ|ừm|ùm"


def _words(alternatives: str) -> re.Pattern[str]:
    ordered = "|".join(sorted(alternatives.split("|"), key=len, reverse=True))
    return re.compile(rf"(?<![^\W_])(?:{ordered})(?![^\W_]|')", re.IGNORECASE)


_LATIN_WORDS = _words(_EN_NB)
_VI_WORDS = _words(_VI)
_JA_WORDS = re.compile(
    r"わたくし|わたし|あたし|私|僕|ぼく|俺|おれ|自分|あなた|君|きみ|えーと|えっと|ええと|あのー|えー|まあ"
)
_ZH_WORDS = re.compile(r"我们|咱们|我|你们|你|您|嗯|呃|那个")
_KANA = re.compile(r"[\u3040-\u30ff]")
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
_VI_LETTERS = re.compile(r"[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]")
_JOIN = re.compile(r"\s+['’`´](?=[^\W\d_])|['’`´]")
_POSSESSIVE = re.compile(r"'s\b")
_PUNCT = re.compile(r"[^\w\s']+")
_SPACES = re.compile(r"\s+")


def _strip(s: str) -> str:
    if _KANA.search(s):
        return _JA_WORDS.sub(" ", s)
    if _HAN.search(s):
        return _ZH_WORDS.sub(" ", s)
    if _VI_LETTERS.search(s):
        return _VI_WORDS.sub(" ", s)
    return _LATIN_WORDS.sub(" ", s)


def _plain(s: str) -> str:
    return _SPACES.sub(" ", _PUNCT.sub(" ", s).replace("'", "")).strip()


def neutralise(text: str) -> str:
    """Lower case, NFKC, without pronouns, fillers and punctuation."""
    s = _JOIN.sub("'", unicodedata.normalize("NFKC", text).lower())
    kept = _plain(_POSSESSIVE.sub("", _strip(s)))
    return kept or _plain(s)
