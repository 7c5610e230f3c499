"""Take the *style* out of an utterance before the labeller sees it.

The labeller must decide on topic (private life vs the work), not on how something is
said. Chit-chat corpora are full of "I", "my", "you" and exclamation marks; meeting
speech is full of "um" and "uh". Left in, those cues teach the model that first-person,
casual talk is personal. So before features are taken, personal pronouns (first and
second person, all five languages), fillers and punctuation are taken out (not replaced
by a mark: a mark would itself count pronouns), and spaces around apostrophes are closed
("i 'm" -> "i'm") so the corpora's tokenised spelling looks like everyone else's. What is
left is what the utterance is about: "my wife and the kids" -> "wife and the kids", "I load
the data" -> "load the data". An utterance that is nothing but such words ("mm", "you?")
keeps them, lower-cased and without punctuation, so a backchannel is still recognisable.
"""

from __future__ import annotations

import re
import unicodedata

_APOSTROPHE = re.compile(r"\s*['’`´]\s*")
_SPACED_WORDS = (
    # English: pronouns with their contractions, and fillers
    r"i|i'm|i've|i'll|i'd|im|ive|me|my|mine|myself|we|we're|we've|we'll|we'd|us|our|ours|"
    r"ourselves|you|you're|you've|you'll|you'd|ya|your|yours|yourself|yourselves|"
    r"um+|uh+|uhm+|umm+|erm|er|ah+|oh+|hmm+|mm+|mhm+|huh|"
    # Norwegian Bokmål
    r"jeg|meg|mi|mitt|vi|oss|vår|vårt|våre|du|deg|din|di|ditt|dine|dere|deres|"
    # Vietnamese (syllables: "chúng tôi" becomes two marks)
    r"tôi|tui|mình|tớ|tao|ta|chúng|bọn|tụi|anh|chị|em|bạn|cậu|mày|ạ|ơi|nhé|nha|"
    # Norwegian/Vietnamese fillers
    r"eh|ehm|øh|øhm|à|ừ|ờ|ừm"
)
_ALTERNATIVES = "|".join(sorted(_SPACED_WORDS.split("|"), key=len, reverse=True))
_WORDS = re.compile(rf"(?<![^\W_])(?:{_ALTERNATIVES})(?![^\W_]|')", re.IGNORECASE)
_CJK_WORDS = re.compile(
    r"我们|咱们|我|你们|你|您|"
    r"わたくし|わたし|あたし|私|僕|ぼく|俺|おれ|自分|あなた|君|きみ|"
    r"えーと|えっと|ええと|あの|えー|まあ|嗯|呃|那个"
)
_PUNCT = re.compile(r"[^\w\s']+")
_SPACES = re.compile(r"\s+")


def neutralise(text: str) -> str:
    """Lower case, NFKC, without pronouns, fillers and punctuation."""
    s = _APOSTROPHE.sub("'", unicodedata.normalize("NFKC", text).lower())
    kept = _CJK_WORDS.sub(" ", _WORDS.sub(" ", s))
    plain = _SPACES.sub(" ", _PUNCT.sub(" ", kept).replace("'", "")).strip()
    if plain:
        return plain
    return _SPACES.sub(" ", _PUNCT.sub(" ", s).replace("'", "")).strip()
