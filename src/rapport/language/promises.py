"""Spoken promises ("I'll send the draft by Friday") and the due date said with them.

Small per-language rules, documented in docs/conversation.md. A promise is a first-person
statement about a future action ("I'll send", "お送りします", "我…发给你", "Tôi sẽ gửi",
"Jeg sender"). Dates are read relative to the meeting date: today/tomorrow, weekdays
(the next such day after the meeting), next week (its Friday), end of week/month,
"in N days", and explicit day + month.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

# --- is it a promise? -----------------------------------------------------------------

_PROMISE: dict[str, re.Pattern[str]] = {
    "en": re.compile(
        r"(?<![\w'’])(?:i(?:['’]ll| will| shall| am going to|['’]m going to)|"
        r"we(?:['’]ll| will| are going to|['’]re going to)|let me)\s+"
        r"(?!be\b|let\b|go\b|see\b|drop\b|just\b|try\b)\w+",
        re.IGNORECASE,
    ),
    "ja": re.compile(
        r"(?:(?:お|ご)\S{1,8}(?:します|いたします|しておきます)|"
        r"(?:送り|まとめ|作り|直し|出し|入れ|調べ|お送りし|共有し|確認し|準備し|対応し|提出し|連絡し|"
        r"修正し|作成し|納品し|手配し|用意し|整理し|検討し|報告し|更新し)"
        r"(?:ます|ておきます|ておきますね|ますね)|"
        r"させていただきます)[。！!\s]*$"
    ),
    "zh-Hans": re.compile(
        r"我(?!们)(?:会|将|来|先|马上|尽快|稍后|回头|晚点|今天|明天|后天|下周|本周|这周|周.|星期.|月底|"
        r"[^，。,]{0,10}前)?[^，。,]{0,10}?"
        r"(?:发|给你|给您|准备|整理|确认|提交|安排|跟进|联系|完成|更新|修改|写|做|处理|交付|寄)"
    ),
    "vi": re.compile(
        r"(?<!\w)(?:tôi|em|mình|chúng tôi|bên em|bên tôi)\s+(?:sẽ|xin phép|hứa)\s+\w+|"
        r"(?<!\w)để\s+(?:tôi|em|mình)\s+\w+",
        re.IGNORECASE,
    ),
    "nb": re.compile(
        r"(?<!\w)(?:jeg|vi)\s+(?:skal|sender|lager|ordner|fikser|sjekker|følger opp|"
        r"kommer tilbake|leverer|oppdaterer|setter opp|skriver|tar|gir|kan sende)(?!\w)|"
        r"(?<!\w)det\s+(?:skal|ordner|fikser|tar)\s+jeg(?!\w)",
        re.IGNORECASE,
    ),
}
_NOT_A_PROMISE: dict[str, re.Pattern[str]] = {
    "en": re.compile(
        r"\b(?:be right back|be back|let you go|share my screen|mute|turn (?:on|off) my camera)\b",
        re.IGNORECASE,
    ),
    "nb": re.compile(r"\b(?:tar ferie|skal på|skal hjem|deler skjermen)\b", re.IGNORECASE),
}


def is_promise(text: str, language: str) -> bool:
    pattern = _PROMISE.get(language)
    if pattern is None or not pattern.search(text):
        return False
    veto = _NOT_A_PROMISE.get(language)
    return veto is None or not veto.search(text)


# --- when is it due? ------------------------------------------------------------------

_WEEKDAYS: dict[str, dict[str, int]] = {
    "en": {
        "monday": 0,
        "tuesday": 1,
        "wednesday": 2,
        "thursday": 3,
        "friday": 4,
        "saturday": 5,
        "sunday": 6,
    },
    "nb": {
        "mandag": 0,
        "tirsdag": 1,
        "onsdag": 2,
        "torsdag": 3,
        "fredag": 4,
        "lørdag": 5,
        "søndag": 6,
    },
    "vi": {
        "thứ hai": 0,
        "thứ 2": 0,
        "thứ ba": 1,
        "thứ 3": 1,
        "thứ tư": 2,
        "thứ 4": 2,
        "thứ năm": 3,
        "thứ 5": 3,
        "thứ sáu": 4,
        "thứ 6": 4,
        "thứ bảy": 5,
        "thứ 7": 5,
        "chủ nhật": 6,
    },
    "ja": {"月": 0, "火": 1, "水": 2, "木": 3, "金": 4, "土": 5, "日": 6},
    "zh-Hans": {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6},
}
_MONTHS: dict[str, dict[str, int]] = {
    "en": {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
    | {m.lower(): i for i, m in enumerate(calendar.month_abbr) if m},
    "nb": {
        m: i + 1
        for i, m in enumerate(
            (
                "januar",
                "februar",
                "mars",
                "april",
                "mai",
                "juni",
                "juli",
                "august",
                "september",
                "oktober",
                "november",
                "desember",
            )
        )
    },
}

_RELATIVE: dict[str, tuple[tuple[str, str], ...]] = {
    # (regex, kind); kinds: today, tomorrow, after_tomorrow, next_week, end_week, end_month
    "en": (
        (r"\bday after tomorrow\b", "after_tomorrow"),
        (r"\b(?:today|tonight|end of (?:the )?day|eod)\b", "today"),
        (r"\btomorrow\b", "tomorrow"),
        (r"\bnext week\b", "next_week"),
        (r"\b(?:end of (?:the|this) week|this week)\b", "end_week"),
        (r"\bend of (?:the |this )?month\b", "end_month"),
    ),
    "ja": (
        (r"明後日|あさって", "after_tomorrow"),
        (r"今日|本日|今夜", "today"),
        (r"明日|あした|あす", "tomorrow"),
        (r"来週中|来週", "next_week"),
        (r"今週中|今週末|週末", "end_week"),
        (r"月末|今月中", "end_month"),
    ),
    "zh-Hans": (
        (r"后天", "after_tomorrow"),
        (r"今天|今晚", "today"),
        (r"明天", "tomorrow"),
        (r"下周|下星期|下个星期", "next_week"),
        (r"本周|这周|周末", "end_week"),
        (r"月底|这个月", "end_month"),
    ),
    "vi": (
        (r"\bngày kia\b|\bngày mốt\b", "after_tomorrow"),
        (r"\bhôm nay\b|\btối nay\b", "today"),
        (r"\bngày mai\b", "tomorrow"),
        (r"\btuần sau\b|\btuần tới\b", "next_week"),
        (r"\btuần này\b|\bcuối tuần\b", "end_week"),
        (r"\bcuối tháng\b", "end_month"),
    ),
    "nb": (
        (r"\bi overmorgen\b", "after_tomorrow"),
        (r"\bi dag\b|\bi kveld\b", "today"),
        (r"\bi morgen\b", "tomorrow"),
        (r"\bneste uke\b|\bnestes uke\b", "next_week"),
        (r"\bdenne uken\b|\bi løpet av uken\b|\bslutten av uken\b", "end_week"),
        (r"\bslutten av måneden\b|\bmånedsslutt\b", "end_month"),
    ),
}
_IN_DAYS: dict[str, re.Pattern[str]] = {
    "en": re.compile(r"\bin (\d{1,2}) (day|week)s?\b", re.IGNORECASE),
    "ja": re.compile(r"(\d{1,2})(日|週間)(?:後|以内)"),
    "zh-Hans": re.compile(r"(\d{1,2})(天|周)(?:后|内|以内)"),
    "vi": re.compile(r"(\d{1,2}) (ngày|tuần) nữa", re.IGNORECASE),
    "nb": re.compile(r"\bom (\d{1,2}) (dag|uke)(?:r|er)?\b", re.IGNORECASE),
}
_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_CJK_DATE = re.compile(r"(\d{1,2})月(\d{1,2})[日号]")
_VI_DATE = re.compile(r"\bngày (\d{1,2})[/-](\d{1,2})\b|\bngày (\d{1,2}) tháng (\d{1,2})\b")


@dataclass(frozen=True, slots=True)
class Promise:
    text: str
    due: date | None


def _weekday_pattern(lang: str) -> re.Pattern[str]:
    names = sorted(_WEEKDAYS[lang], key=len, reverse=True)
    if lang == "ja":
        return re.compile(r"(来週の?)?([月火水木金土日])曜")
    if lang == "zh-Hans":
        return re.compile(r"(下)?(?:个)?(?:周|星期|礼拜)([一二三四五六日天])")
    alternation = "|".join(re.escape(n) for n in names)
    nxt = {"en": r"next\s+", "nb": r"neste\s+", "vi": ""}[lang]
    after = {"en": "", "nb": r"(?:\s+neste\s+uke)?", "vi": r"(\s+tuần\s+(?:sau|tới))?"}[lang]
    return re.compile(rf"(?<!\w)({nxt})?({alternation}){after}(?!\w)", re.IGNORECASE)


_WEEKDAY_PATTERNS = {lang: _weekday_pattern(lang) for lang in _WEEKDAYS}


def _next_weekday(on: date, weekday: int, next_week: bool) -> date:
    if next_week:
        monday = on + timedelta(days=7 - on.weekday())
        return monday + timedelta(days=weekday)
    ahead = (weekday - on.weekday()) % 7 or 7
    return on + timedelta(days=ahead)


def _relative(kind: str, on: date) -> date:
    if kind == "today":
        return on
    if kind == "tomorrow":
        return on + timedelta(days=1)
    if kind == "after_tomorrow":
        return on + timedelta(days=2)
    if kind == "next_week":
        return on + timedelta(days=7 - on.weekday() + 4)
    if kind == "end_week":
        friday = on + timedelta(days=4 - on.weekday())
        return max(friday, on)
    last = calendar.monthrange(on.year, on.month)[1]
    return on.replace(day=last)


def _day_month(day: int, month: int, on: date) -> date | None:
    try:
        candidate = date(on.year, month, day)
    except ValueError:
        return None
    if candidate < on:
        try:
            candidate = date(on.year + 1, month, day)
        except ValueError:
            return None
    return candidate


def due_date(text: str, language: str, on: date) -> date | None:
    """The due date said in ``text``, read relative to the meeting date ``on``."""
    lang = language if language in _RELATIVE else "en"
    if m := _ISO.search(text):
        try:
            return date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            return None
    if lang in ("ja", "zh-Hans") and (m := _CJK_DATE.search(text)):
        return _day_month(int(m[2]), int(m[1]), on)
    if lang == "vi" and (m := _VI_DATE.search(text)):
        day, month = (m[1], m[2]) if m[1] else (m[3], m[4])
        return _day_month(int(day), int(month), on)
    if lang in _MONTHS:
        found = _explicit_latin(text, lang, on)
        if found is not None:
            return found
    if m := _WEEKDAY_PATTERNS[lang].search(text):
        weekday = _WEEKDAYS[lang][m[2].lower()]
        next_week = bool(m[1]) or (m.lastindex == 3 and bool(m[3]))
        return _next_weekday(on, weekday, next_week)
    if m := _IN_DAYS[lang].search(text):
        n = int(m[1])
        unit = m[2].lower()
        weeks = unit.startswith(("week", "週", "周", "tuần", "uke"))
        return on + timedelta(days=n * 7 if weeks else n)
    for pattern, kind in _RELATIVE[lang]:
        if re.search(pattern, text, re.IGNORECASE):
            return _relative(kind, on)
    return None


def _explicit_latin(text: str, lang: str, on: date) -> date | None:
    months = _MONTHS[lang]
    names = "|".join(sorted(months, key=len, reverse=True))
    day_first = re.search(
        rf"\b(\d{{1,2}})\.?(?:st|nd|rd|th)?\s+(?:of\s+)?({names})\b", text, re.IGNORECASE
    )
    if day_first:
        return _day_month(int(day_first[1]), months[day_first[2].lower()], on)
    month_first = re.search(rf"\b({names})\s+(\d{{1,2}})(?:st|nd|rd|th)?\b", text, re.IGNORECASE)
    if month_first:
        return _day_month(int(month_first[2]), months[month_first[1].lower()], on)
    return None


def find_promise(text: str, language: str, on: date) -> Promise | None:
    """A promise in ``text`` with its due date, or None."""
    if not is_promise(text, language):
        return None
    return Promise(text, due_date(text, language, on))
