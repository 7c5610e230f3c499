"""How drafts address a person: the form of address in their language and the name used
with it (rapport.drafts writes the greeting, pronouns and closing from it).

Pure rules: the forms each language knows, and a sensible default from the person's
name, the language and whether the client is a company or a private person. The user can
change both per contact (``rapport contacts address``, the contact form on the web).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

FORMS: dict[str, dict[str, str]] = {
    "en": {"first_name": "first name", "formal": "formal (e.g. Ms Bennett)"},
    "nb": {"first_name": "first name", "formal": "formal (e.g. Ms Bennett)"},
    "ja": {"sama": "様", "san": "さん"},
    "vi": {
        "anh": "anh",
        "chi": "chị",
        "em": "em",
        "ong": "ông",
        "ba": "bà",
        "quy_khach": "Quý khách",
    },
    "zh-Hans": {
        "jingli": "经理",
        "zong": "总",
        "nvshi": "女士",
        "xiansheng": "先生",
        "laoshi": "老师",
        "name": "full name only",
    },
}
"""The forms of address of each language: code -> how it reads (or what it means)."""

ALL_FORMS: frozenset[str] = frozenset(code for forms in FORMS.values() for code in forms)

VI_PRONOUN = {"anh": "anh", "chi": "chị", "em": "em", "ong": "ông", "ba": "bà"}

ZH_COMPOUND_SURNAMES = (
    "欧阳",
    "司马",
    "诸葛",
    "上官",
    "东方",
    "皇甫",
    "尉迟",
    "公孙",
    "慕容",
    "令狐",
)
ZH_FEMALE = set("敏丽娟芳静燕婷雪玲红霞梅琳娜颖莉萍洁倩慧晶妍怡佳琪莹兰凤")
ZH_MALE = set("伟强军磊勇杰涛明刚斌鹏辉峰超浩波鑫宇俊凯健毅龙飞亮")
VI_FEMALE = {
    "lan",
    "mai",
    "hoa",
    "hương",
    "linh",
    "ngọc",
    "thảo",
    "trang",
    "hà",
    "hằng",
    "nga",
    "nhung",
    "phương",
    "thu",
    "vân",
    "yến",
    "hạnh",
    "thủy",
    "oanh",
    "loan",
    "dung",
    "liên",
    "my",
    "vy",
    "nhi",
    "uyên",
    "huyền",
    "quyên",
    "giang",
    "diệp",
    "trâm",
    "châu",
    "anh",
}
VI_MALE = {
    "hùng",
    "dũng",
    "tuấn",
    "minh",
    "nam",
    "hải",
    "long",
    "sơn",
    "thắng",
    "quang",
    "cường",
    "đức",
    "huy",
    "khoa",
    "phong",
    "tùng",
    "việt",
    "bình",
    "trung",
    "hiếu",
    "hoàng",
    "khánh",
    "lâm",
    "phúc",
    "quân",
    "tài",
    "thành",
    "toàn",
    "vinh",
    "vũ",
    "bảo",
    "đạt",
    "hưng",
}
VI_MARKERS = {"văn": "anh", "thị": "chi"}
"""Vietnamese middle names that say who is a man (Văn) or a woman (Thị)."""


@dataclass(frozen=True, slots=True)
class AddressChoice:
    """A form of address and the name used with it; ``guessed``: derived, not chosen."""

    form: str
    name: str
    guessed: bool = False


def forms_for(lang: str) -> dict[str, str]:
    return FORMS.get(lang, FORMS["en"])


def check_form(form: str) -> str:
    value = form.strip().lower().replace("-", "_")
    if value not in ALL_FORMS:
        raise ValueError(
            f"unknown form of address {form!r} (use one of: {', '.join(sorted(ALL_FORMS))})"
        )
    return value


def _cjk(text: str) -> bool:
    return any(unicodedata.east_asian_width(ch) == "W" for ch in text)


def _tokens(name: str) -> list[str]:
    return [t for t in re.split(r"\s+", name.strip()) if t]


def family_name(name: str, lang: str) -> str:
    """The family name: first for Japanese, Chinese and Vietnamese names in their own
    script (written family first), last for names in Western order."""
    name = name.strip()
    tokens = _tokens(name)
    if "," in name:  # "Bennett, Priya"
        return name.split(",")[0].strip()
    if _cjk(name):
        if len(tokens) > 1:
            return tokens[0]
        if lang != "ja":
            for compound in ZH_COMPOUND_SURNAMES:
                if name.startswith(compound) and len(name) > 2:
                    return compound
            return name[:1] if len(name) >= 2 else name
        return name[:2] if len(name) >= 4 else name
    if lang == "vi" and len(tokens) >= 2:
        return tokens[0]
    if lang == "zh-Hans" and len(tokens) == 2 and tokens[0][:1].isupper():
        return tokens[0]  # "Zhang Min": pinyin, family first
    return tokens[-1] if tokens else name


def given_name(name: str, lang: str) -> str:
    """The name used with a first-name greeting or a Vietnamese pronoun."""
    name = name.strip()
    if "," in name:
        return name.split(",", 1)[1].strip().split(" ")[0] or name
    tokens = _tokens(name)
    if len(tokens) < 2:
        return name
    if lang == "vi":
        rest = tokens[1:]
        if len(rest) >= 2 and rest[0].lower() in VI_MARKERS:
            rest = rest[1:]
        return " ".join(rest)
    if _cjk(name):
        return " ".join(tokens[1:])
    return tokens[0]


def default(name: str, lang: str, *, company: bool, job_title: str | None = None) -> AddressChoice:
    """A sensible form of address for ``name`` in ``lang``: first names in English and
    Norwegian, 様 in Japanese, pronoun + given name in Vietnamese, family name + title in
    Chinese. ``guessed`` is true where it had to guess (a gender, a rank)."""
    name = name.strip()
    title = (job_title or "").lower()
    if lang == "ja":
        return AddressChoice("sama", family_name(name, lang) if company else name)
    if lang == "vi":
        tokens = [t.lower() for t in _tokens(name)]
        for marker, form in VI_MARKERS.items():
            if marker in tokens[1:-1]:
                return AddressChoice(form, given_name(name, lang))
        last = tokens[-1] if tokens else ""
        if last in VI_MALE and last not in VI_FEMALE:
            return AddressChoice("anh", given_name(name, lang), guessed=True)
        if last in VI_FEMALE and last not in VI_MALE:
            return AddressChoice("chi", given_name(name, lang), guessed=True)
        if (
            len(tokens) >= 2
            and tokens[-1] == "anh"
            and tokens[-2] in ("minh", "lan", "mai", "ngọc", "quỳnh", "vân", "kim")
        ):
            return AddressChoice("chi", given_name(name, lang), guessed=True)
        return AddressChoice("quy_khach", given_name(name, lang), guessed=True)
    if lang == "zh-Hans":
        family = family_name(name, lang)
        if any(
            w in title for w in ("总经理", "总裁", "董事长", "ceo", "总监", "managing director")
        ):
            return AddressChoice("zong", family)
        if any(w in title for w in ("教授", "老师", "professor", "teacher")):
            return AddressChoice("laoshi", family)
        given = name[len(family) :].strip() if _cjk(name) else ""
        if given and given[-1] in ZH_FEMALE:
            return AddressChoice(
                "nvshi" if not company else "jingli", name if not company else family, guessed=True
            )
        if given and given[-1] in ZH_MALE:
            return AddressChoice(
                "xiansheng" if not company else "jingli",
                name if not company else family,
                guessed=True,
            )
        if company:
            return AddressChoice("jingli", family, guessed=True)
        return AddressChoice("name", name, guessed=True)
    return AddressChoice("first_name", given_name(name, lang))


def resolve(
    name: str,
    lang: str,
    *,
    company: bool,
    form: str | None = None,
    address_name: str | None = None,
    job_title: str | None = None,
) -> AddressChoice:
    """The stored choice where it fits ``lang``, else the default; a stored name wins."""
    base = default(name, lang, company=company, job_title=job_title)
    if form and form in forms_for(lang):
        if form == base.form:
            chosen = AddressChoice(form, base.name)
        elif lang == "ja":
            chosen = AddressChoice(
                form, family_name(name, lang) if company or form == "san" else name
            )
        elif lang == "vi":
            chosen = AddressChoice(form, given_name(name, lang))
        elif lang == "zh-Hans":
            chosen = AddressChoice(
                form, name if form in ("nvshi", "xiansheng", "name") else family_name(name, lang)
            )
        else:
            chosen = AddressChoice(form, given_name(name, lang) if form == "first_name" else name)
    else:
        chosen = base
    if address_name and address_name.strip():
        chosen = AddressChoice(chosen.form, address_name.strip(), chosen.guessed)
    return chosen


def form_label(form: str, lang: str) -> str:
    return forms_for(lang).get(form, form)
