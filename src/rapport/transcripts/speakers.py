"""Telling a speaker label from a sentence that happens to hold a colon.

``Dr. Jane Smith: so here's the plan`` is Dr. Jane Smith saying "so here's the plan";
``Note: the deadline moved``, ``Agenda: three items``, ``at 10:30`` and
``https://example.com`` are text. A label (the part before the first ``:`` or ``：``)
is a speaker when

* it is short: at most 50 characters and four name words (titles such as ``Dr.``, name
  particles such as ``van``, and a trailing aside such as ``(she/her)`` not counted);
* it looks like a name: words of letters (with ``'``, ``’``, ``-``), titles and initials
  with a dot (``Dr.``, ``Prof.``, ``J.``), at most one comma as in ``SMITH, Jane``, no
  digits (except generic labels such as ``Speaker 1`` or ``SPEAKER_00``), no sentence
  punctuation, not a heading word (``Note``, ``Agenda``, ``Merk``, ``注意``, ``Lưu ý``...)
  nor a reply word (``Yes``, ``Okay``), and the text after the colon does not start with
  ``//`` (a URL);
* and its name words are capitalised (scripts without case count as capitalised), or the
  same label starts at least two lines of the file (``jdoe: ...`` in a chat export).

The speaker is the label as written, title included (``Dr. Jane Smith``,
``SMITH, Jane``); the text is what follows the colon and never holds the label.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from rapport.domain.names import PARTICLES, TITLES

MAX_LABEL = 50
MAX_NAME_WORDS = 4
MAX_UNSPACED = 8
"""A label in a script written without spaces (Han, kana) is at most this many
characters: ``田中さん`` and ``张经理`` are names, ``我觉得问题是`` is a sentence."""

_LABEL = re.compile(rf"^\s*(?P<label>[^\W\d_][^:：\n]{{0,{MAX_LABEL - 1}}}?)\s*[:：]")
_ASIDE = re.compile(r"\s*\([^()]{1,24}\)$")
_WORD = re.compile(r"^[^\W\d_](?:[^\W\d_]|['’\-])*$")
_INITIAL = re.compile(r"^[^\W\d_]\.$")
_GENERIC = re.compile(
    r"^(?:speaker|spk|person|participant|guest|caller|user|interviewer|interviewee"
    r"|deltaker|gjest|taler|người nói|khách|話者|参加者|发言人|说话人|與會者)"
    r"[\s_\-]*[0-9A-Za-z]{1,3}$",
    re.IGNORECASE,
)
_UNSPACED = re.compile(r"^[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff々〆ー・]+$")
_SENTENCE_CHARS = re.compile(r"[我你是的了吗呢吧这那觉说想要をが]|です|ます")
"""Characters that make a label in Han or kana a phrase (``我觉得``, ``問題です``)."""

NOT_NAMES = frozenset(
    {
        # English headings and sentence openers
        "note", "notes", "nb", "ps", "p.s", "fyi", "re", "fwd", "subject", "agenda",
        "summary", "update", "updates", "reminder", "warning", "important", "caution",
        "tip", "hint", "info", "edit", "example", "examples", "answer", "question",
        "questions", "result", "results", "conclusion", "decision", "decisions",
        "outcome", "status", "deadline", "owner", "topic", "topics", "goal", "goals",
        "problem", "issue", "issues", "solution", "action", "actions", "action item",
        "action items", "next step", "next steps", "todo", "to do", "to-do", "item",
        "items", "step", "option", "options", "pros", "cons", "rule", "source", "title",
        "date", "time", "when", "where", "who", "what", "why", "how", "location",
        "place", "venue", "address", "phone", "tel", "email", "e-mail", "link", "links",
        "url", "price", "cost", "total", "budget", "attendees", "participants",
        "meeting", "transcript", "recording", "chat", "translation", "definition",
        "reason", "purpose", "background", "context", "details", "quote", "key point",
        "key points", "takeaway", "takeaways", "bottom line", "spoiler", "disclaimer",
        "yes", "no", "okay", "ok", "so", "well", "and", "but", "also", "basically",
        "actually", "again", "anyway", "first", "second", "third", "finally", "then",
        "thanks", "thank you", "right", "sure", "hello", "hi", "bye", "yeah", "mm",
        "the", "this", "that", "these", "those", "here", "there", "one", "two", "three",
        "great", "perfect", "exactly", "absolutely", "cool", "nice", "good", "fine",
        "agreed", "correct", "true", "wow", "oh", "ah", "hmm", "uh", "um", "sorry",
        "please", "welcome", "morning", "evening", "indeed", "maybe", "definitely",
        # Norwegian
        "merk", "notat", "notater", "referat", "sak", "saker", "tid", "sted", "dato",
        "oppsummering", "neste steg", "tiltak", "beslutning", "vedtak", "spørsmål",
        "svar", "husk", "viktig", "emne", "deltakere", "tema", "mål", "frist", "eksempel",
        "ja", "nei", "greit", "takk", "hei", "og", "men", "altså", "så", "først",
        "bra", "fint", "perfekt", "nettopp", "akkurat", "supert", "flott", "enig",
        "unnskyld", "kanskje",
        # Vietnamese
        "lưu ý", "ghi chú", "chú ý", "chương trình", "nội dung", "tóm tắt", "câu hỏi",
        "trả lời", "thời gian", "địa điểm", "kết luận", "quyết định", "việc cần làm",
        "chủ đề", "mục tiêu", "hạn chót", "thành phần", "ví dụ", "quan trọng", "vâng",
        "dạ", "cảm ơn",
        # Japanese
        "注", "注意", "備考", "メモ", "議題", "議事録", "要点", "まとめ", "結論", "質問",
        "回答", "答え", "日時", "時間", "場所", "参加者", "決定事項", "宿題", "件名", "例",
        "重要", "ポイント", "理由", "目的", "課題", "次回", "はい", "いいえ",
        # Chinese
        "备注", "议程", "议题", "会议纪要", "纪要", "总结", "问题", "答", "问", "时间",
        "地点", "参会人", "与会者", "决定", "待办", "下一步", "主题", "例如", "提示", "原因",
        "目标", "好的", "是的",
    }
)  # fmt: skip
"""Labels that are never a speaker, in lower case: headings ("Note:", "Agenda:") and
words a sentence or reply starts with, in the five languages."""
OPENERS = frozenset(
    {
        "the", "this", "that", "these", "those", "a", "an", "my", "our", "your", "his",
        "her", "their", "its", "so", "and", "but", "or", "well", "also", "for", "in", "on",
        "at", "to", "of", "with", "from", "by", "as", "if", "when", "what", "why", "how",
        "where", "who", "which", "here", "there", "today", "tomorrow", "next", "last",
        "det", "den", "en", "et", "jeg", "og", "men", "i", "på", "til",
    }
)  # fmt: skip
"""First words that make a label of several words a phrase ("The plan:", "Our goal:",
"Next Monday:") rather than a name."""


@functools.lru_cache(maxsize=4096)
def _name_words(label: str) -> tuple[str, ...] | None:
    """The name words of a label that looks like a name (titles, initials and particles
    left out), or None when it does not. Cached: a transcript repeats its few labels on
    every line."""
    plain = _ASIDE.sub("", label).strip()
    if not plain or plain.casefold().rstrip(".") in NOT_NAMES:
        return None
    if _UNSPACED.match(plain):
        short = len(plain) <= MAX_UNSPACED and not _SENTENCE_CHARS.search(plain)
        return (plain,) if short else None
    tokens = plain.split()
    if len(tokens) > 1 and tokens[0].rstrip(",，").casefold() in OPENERS:
        return None
    commas = plain.count(",") + plain.count("，")
    if commas > 1 or (commas == 1 and not re.search(r"^[^,，\s]+(?:\s[^,，\s]+)*[,，]\s", plain)):
        return None
    words: list[str] = []
    for index, raw in enumerate(tokens):
        token = raw.rstrip(",，")
        bare = token.rstrip(".").casefold()
        if bare in TITLES or _INITIAL.match(token):
            continue
        if token.endswith("."):
            return None  # "Ok. So", "Thanks."
        if index > 0 and token in PARTICLES:
            continue
        if not _WORD.match(token):
            return None
        words.append(token)
    if not words or len(words) > MAX_NAME_WORDS:
        return None
    return tuple(words)


def _capitalised(words: tuple[str, ...]) -> bool:
    return all(not w[0].islower() for w in words)


def label_of(text: str) -> str | None:
    """The label before the first colon when it could be a speaker's name (the shape
    rules above, without the file-wide count), else None."""
    m = _LABEL.match(text)
    if m is None:
        return None
    label = m["label"].strip()
    rest = text[m.end() :]
    if rest.startswith("//"):
        return None
    if _GENERIC.match(label) or _name_words(label) is not None:
        return label
    return None


def is_name_line(line: str) -> bool:
    """A whole line that could be a speaker's name on its own (capitalised name words)."""
    words = _name_words(line.strip())
    return words is not None and _capitalised(words)


@dataclass(frozen=True, slots=True)
class SpeakerLabels:
    """The speaker rules for one file: which labels start more than one line."""

    repeated: frozenset[str] = frozenset()

    @classmethod
    def of(cls, texts: Iterable[str]) -> SpeakerLabels:
        counts = Counter(label for text in texts if (label := label_of(text)) is not None)
        return cls(frozenset(label for label, n in counts.items() if n > 1))

    def is_speaker(self, label: str) -> bool:
        if _GENERIC.match(label):
            return True
        words = _name_words(label)
        if words is None:
            return False
        return _capitalised(words) or label in self.repeated

    def split(self, text: str) -> tuple[str | None, str]:
        """``("Dr. Jane Smith", "so here's the plan")`` for
        ``"Dr. Jane Smith: so here's the plan"``; ``(None, text)`` when the text does not
        start with a speaker label. The text returned is stripped and, when the input
        has any, never empty: a label with nothing after it is not split off."""
        label = label_of(text)
        if label is not None and self.is_speaker(label):
            m = _LABEL.match(text)
            assert m is not None
            body = text[m.end() :].strip()
            if body:
                return label, body
        return None, text.strip()

    def header(self, text: str) -> str | None:
        """The speaker of a line that is only a label, such as ``Anna Berg:`` with the
        text on the lines below it."""
        label = label_of(text)
        if label is None or not self.is_speaker(label):
            return None
        m = _LABEL.match(text)
        assert m is not None
        return label if not text[m.end() :].strip() else None


def split_speaker(text: str) -> tuple[str | None, str]:
    """:meth:`SpeakerLabels.split` for a single text, without file-wide counts."""
    return SpeakerLabels().split(text)
