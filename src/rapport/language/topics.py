"""Topic concepts: language-independent features from the team's topic lexicons.

``topic_lexicon/<lang>.tsv`` lists, per language, words and phrases of private life
(``P_FAMILY``, ``P_WEATHER`` ...) and of the work (``W_MONEY``, ``W_SOFTWARE`` ...). An
utterance's concepts are the same columns in every language, so what the labeller learns
about ``P_CHILDREN`` from English, Japanese and Chinese corpora carries over to Vietnamese
and Norwegian, which have no corpus. Matching runs on the style-neutral text
(``style.neutralise``): in spaced scripts on whole words (a term ending in ``*`` matches
any word it begins), in Japanese and Chinese on substrings. Which lists are matched
depends on the script, as for the style words (so that Japanese 猫 does not find a cat in
Chinese 天猫): kana -> Japanese; Han without kana -> Chinese; Vietnamese letters ->
Vietnamese; other Latin text -> English and Norwegian; the English list is matched in
every script too (loanwords: "deadline", "API", "PR").
"""

from __future__ import annotations

import re
import threading
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

LEXICON_DIR = Path(__file__).with_name("topic_lexicon")
CONCEPTS: tuple[str, ...] = (
    "P_FAMILY",
    "P_CHILDREN",
    "P_PARTNER",
    "P_HOME",
    "P_WEEKEND",
    "P_HOLIDAY",
    "P_HEALTH",
    "P_SLEEP_ENERGY",
    "P_SPORT",
    "P_HOBBY",
    "P_WEATHER",
    "P_FOOD",
    "P_PETS",
    "P_CELEBRATION",
    "P_FEELINGS",
    "W_MONEY",
    "W_SCHEDULE",
    "W_DOCUMENT",
    "W_SOFTWARE",
    "W_DATA",
    "W_CLIENT",
    "W_PROJECT",
    "W_PROCESS",
    "W_TEAM",
    "W_LEGAL",
    "W_SALES",
    "W_DESIGN",
    "W_BUILD",
)
INDEX = {name: i for i, name in enumerate(CONCEPTS)}
_SPACED_END = 0x2E80
"""Characters from here on (CJK blocks) are matched as substrings."""
_CJK = re.compile("[\u2e80-\U0010ffff]")
_SPACED_WORD = re.compile("[^\\W_\u2e80-\U0010ffff]+")


class LexiconError(ValueError):
    """A topic lexicon line that cannot be read (file and line in the message)."""


@dataclass
class Lexicon:
    words: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))
    phrases: dict[str, list[tuple[tuple[str, ...], int]]] = field(
        default_factory=lambda: defaultdict(list)
    )
    prefixes: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))
    prefix_lengths: tuple[int, ...] = ()
    cjk: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))
    cjk_lengths: tuple[int, ...] = ()

    def add(self, term: str, concept: int) -> None:
        from rapport.language.style import neutralise

        prefix = term.endswith("*")
        term = term.rstrip("*")
        text = neutralise(term)
        if not text or neutralise(f"{term} x") != f"{text} x":
            return  # a pronoun or filler: carries style, not topic
        if ord(text[0]) >= _SPACED_END:
            self.cjk[text.replace(" ", "")].add(concept)
            return
        words = tuple(text.split())
        if len(words) > 1:
            self.phrases[words[0]].append((words, concept))
        elif prefix:
            self.prefixes[text].add(concept)
        else:
            self.words[text].add(concept)

    def freeze(self) -> None:
        self.prefix_lengths = tuple(sorted({len(p) for p in self.prefixes}))
        self.cjk_lengths = tuple(sorted({len(t) for t in self.cjk}))

    def concepts(self, neutral: str) -> set[int]:
        """The concepts named in a style-neutral text."""
        found: set[int] = set()
        if _CJK.search(neutral):
            found |= self._cjk(neutral.replace(" ", ""))
        words = _SPACED_WORD.findall(neutral)
        for i, word in enumerate(words):
            hit = self.words.get(word)
            if hit:
                found |= hit
            for n in self.prefix_lengths:
                if n > len(word):
                    break
                hit = self.prefixes.get(word[:n])
                if hit:
                    found |= hit
            for phrase, concept in self.phrases.get(word, ()):
                if tuple(words[i : i + len(phrase)]) == phrase:
                    found.add(concept)
        return found

    def _cjk(self, text: str) -> set[int]:
        found: set[int] = set()
        for start in range(len(text)):
            for n in self.cjk_lengths:
                if start + n > len(text):
                    break
                hit = self.cjk.get(text[start : start + n])
                if hit:
                    found |= hit
        return found


def read_lexicon(paths: Iterable[Path]) -> Lexicon:
    """One lexicon from these files (``CONCEPT<TAB>term`` lines)."""
    lexicon = Lexicon()
    for path in paths:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip() or line.startswith("#"):
                continue
            parts = line.split("\t")
            if len(parts) != 2 or parts[0] not in INDEX or not parts[1].strip():
                raise LexiconError(f"{path}:{number}: expected CONCEPT<TAB>term, got {line!r}")
            lexicon.add(parts[1].strip(), INDEX[parts[0]])
    lexicon.freeze()
    return lexicon


_KANA = re.compile(r"[\u3040-\u30ff]")
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
_VI_LETTERS = re.compile(r"[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]")


@dataclass
class Lexicons:
    """The shipped lexicons by script (see the module's docstring)."""

    japanese: Lexicon
    chinese: Lexicon
    vietnamese: Lexicon
    latin: Lexicon

    def concepts(self, neutral: str) -> set[int]:
        if _KANA.search(neutral):
            return self.japanese.concepts(neutral)
        if _HAN.search(neutral):
            return self.chinese.concepts(neutral)
        if _VI_LETTERS.search(neutral):
            return self.vietnamese.concepts(neutral)
        return self.latin.concepts(neutral)


def read_lexicons(folder: Path = LEXICON_DIR) -> Lexicons:
    def files(*langs: str) -> list[Path]:
        paths = [folder / f"{lang}.tsv" for lang in langs]
        missing = [str(p) for p in paths if not p.is_file()]
        if missing:  # the model was trained with every lexicon: never label without one
            raise LexiconError(f"topic lexicon missing: {', '.join(missing)}")
        return paths

    return Lexicons(
        japanese=read_lexicon(files("ja", "en")),
        chinese=read_lexicon(files("zh-Hans", "en")),
        vietnamese=read_lexicon(files("vi", "en")),
        latin=read_lexicon(files("en", "nb")),
    )


_lock = threading.Lock()
_shared: Lexicons | None = None


def shared_lexicon() -> Lexicons:
    """All shipped lexicons, read on first use."""
    global _shared
    with _lock:
        if _shared is None:
            _shared = read_lexicons()
        return _shared
