"""The frame of a letter in each language: greeting, opening, closing and signature, and the
pronouns the body uses for the person written to.

These are language conventions rather than translations of one English sentence (Japanese
names the company above the addressee and introduces the sender; Vietnamese addresses by
pronoun + given name and keeps that pronoun through the mail; Chinese uses family name +
title), so they live here as data, written the way a native professional writes them;
docs/drafts-style/<lang>.md describes them. The body sentences come from the ``drafts``
catalogs.
"""

from __future__ import annotations

from dataclasses import dataclass

from rapport.domain.addressing import VI_PRONOUN, AddressChoice


@dataclass(frozen=True, slots=True)
class Writer:
    """Who signs: the profile (``rapport settings``)."""

    name: str = ""
    title: str = ""
    company: str = ""
    signature: str = ""
    """Custom lines for this language (setting ``signature.LANG``); replaces title/company."""


@dataclass(frozen=True, slots=True)
class Reader:
    """Who is written to."""

    client: str
    company: bool
    """The client is a company (not a private person)."""
    contact: str | None = None
    address: AddressChoice | None = None


ZH_TITLES = {"jingli": "经理", "zong": "总", "nvshi": "女士", "xiansheng": "先生", "laoshi": "老师"}


def greeting(lang: str, reader: Reader) -> str:
    a = reader.address
    if lang == "ja":
        if a is None:
            return f"{reader.client}\nご担当者様"
        if a.form == "san":
            return f"{a.name}さん"
        return (
            f"{reader.client}\n{a.name}様" if reader.company and reader.contact else f"{a.name}様"
        )
    if lang == "vi":
        if a is None:
            return "Kính gửi Quý công ty,"
        if a.form == "quy_khach":
            return "Kính gửi Quý khách,"
        if a.form == "em":  # "Kính gửi" is for someone one looks up to
            return f"Chào em {a.name},"
        return f"Kính gửi {VI_PRONOUN[a.form]} {a.name},"
    if lang == "zh-Hans":
        if a is None:
            return f"尊敬的{reader.client}团队，您好！"
        if a.form == "name":
            return f"{a.name}，您好！"
        return f"{a.name}{ZH_TITLES[a.form]}，您好！"
    if lang == "nb":
        if a is None:
            return "Hei,"
        return f"Hei {a.name}," if a.form == "first_name" else f"Kjære {a.name},"
    if a is None:
        return f"Dear {reader.client} team,"
    return f"Dear {a.name},"


def spoken_name(lang: str, address: AddressChoice) -> str:
    """How the person is addressed in ``lang`` by name: 田中様, chị Minh Anh, 张经理, Marte."""
    if lang == "ja":
        return f"{address.name}さん" if address.form == "san" else f"{address.name}様"
    if lang == "vi":
        if address.form == "quy_khach":
            return "Quý khách"
        return f"{VI_PRONOUN[address.form]} {address.name}"
    if lang == "zh-Hans":
        return (
            address.name if address.form == "name" else f"{address.name}{ZH_TITLES[address.form]}"
        )
    return address.name


def pronouns(lang: str, reader: Reader) -> dict[str, str]:
    """``you`` / ``You`` (at the start of a sentence) for the catalogs' ``%(you)s``:
    Vietnamese uses the chosen pronoun throughout; the other languages have one word."""
    if lang == "vi":
        a = reader.address
        if a is None:
            word = "Quý công ty"
        elif a.form == "quy_khach":
            word = "Quý khách"
        else:
            word = VI_PRONOUN[a.form]
        return {"you": word, "You": word[:1].upper() + word[1:]}
    word = {"ja": "", "zh-Hans": "您", "nb": "du"}.get(lang, "you")
    return {"you": word, "You": word[:1].upper() + word[1:]}


def opening(lang: str, writer: Writer, *, long_time: bool = False) -> str:
    """Japanese: the set phrase and the sender line (「○○の△△でございます。」)."""
    if lang != "ja":
        return ""
    first = "ご無沙汰しております。" if long_time else "いつもお世話になっております。"
    if not writer.name:
        return first
    sender = (
        f"{writer.company}の{writer.name}でございます。"
        if writer.company
        else f"{writer.name}でございます。"
    )
    return f"{first}\n{sender}"


def closing(lang: str, reader: Reader) -> str:
    a = reader.address
    if lang == "ja":
        return (
            "よろしくお願いいたします。"
            if a and a.form == "san"
            else "何卒よろしくお願い申し上げます。"
        )
    if lang == "vi":
        return "Thân mến," if a and a.form == "em" else "Trân trọng,"
    if lang == "zh-Hans":
        return "顺祝商祺！" if reader.company else "祝好！"
    if lang == "nb":
        return "Vennlig hilsen"
    return "Kind regards,"


def signature(lang: str, writer: Writer) -> str:
    """Your name, then your own signature lines for this language, else title and company
    (Japanese: company, title, then the name, as a Japanese signature block reads)."""
    if lang == "ja" and not writer.signature.strip():
        # a Japanese business signature: the company first, then the title, then the name
        return "\n".join(p for p in (writer.company, writer.title, writer.name) if p)
    lines = [writer.name] if writer.name else []
    if writer.signature.strip():
        lines += [line.rstrip() for line in writer.signature.strip().splitlines()]
    elif writer.title or writer.company:
        if lang in ("ja", "zh-Hans"):
            lines.append(" ".join(p for p in (writer.company, writer.title) if p))
        else:
            lines.append(", ".join(p for p in (writer.title, writer.company) if p))
    return "\n".join(lines)


def quoted(text: str, lang: str) -> str:
    """A promise or topic in the user's words, in the language's quotation marks."""
    text = text.strip().rstrip(".。")
    if lang == "ja":
        return f"「{text}」"
    if lang == "nb":
        return f"«{text}»"
    return f"“{text}”"


EN_VERBS = frozenset(
    [
        "agree",
        "arrange",
        "ask",
        "book",
        "build",
        "call",
        "check",
        "complete",
        "confirm",
        "correct",
        "deliver",
        "draft",
        "email",
        "finalise",
        "finalize",
        "find",
        "finish",
        "fix",
        "follow",
        "get",
        "give",
        "introduce",
        "invoice",
        "look",
        "make",
        "order",
        "organise",
        "organize",
        "pay",
        "plan",
        "prepare",
        "present",
        "produce",
        "propose",
        "provide",
        "publish",
        "put",
        "read",
        "rebook",
        "reply",
        "report",
        "return",
        "review",
        "revise",
        "run",
        "schedule",
        "send",
        "set",
        "share",
        "sign",
        "submit",
        "summarise",
        "summarize",
        "test",
        "update",
        "write",
    ]
)
"""Verbs a promise stored in English may start with ("Prepare the revised estimate")."""
EN_DETERMINERS = frozenset(
    ["the", "a", "an", "my", "our", "your", "this", "these", "those", "their", "his", "her", "its"]
)


def _lower_first(text: str) -> str:
    """ "Prepare the estimate" -> "prepare the estimate"; "CRM export" stays as it is."""
    if len(text) > 1 and text[1].isupper():
        return text
    return text[:1].lower() + text[1:]


def promise_phrase(text: str, lang: str) -> tuple[str, str]:
    """A promise as the user stored it (usually a verb phrase: "Prepare the revised
    estimate", "Sende oppdatert prosjektplan"), as two pieces a sentence can be built
    around: ``task``, the verb phrase in lower case ("prepare the revised estimate"; empty
    when the text is not one), and ``thing``, what is delivered ("the revised estimate",
    "oppdatert prosjektplan"). Japanese, Vietnamese and Chinese sentences take either form
    (「…」の件, việc …, 关于…一事): both are the text as it stands."""
    text = text.strip().rstrip(".。")
    if lang == "en":
        first, _, rest = text.partition(" ")
        if first.lower() in EN_VERBS and rest:
            thing = _lower_first(rest)
            if thing.split(" ", 1)[0].lower() not in EN_DETERMINERS:
                thing = f"the {thing}"
            return _lower_first(text), thing
        thing = _lower_first(text)
        if thing.split(" ", 1)[0].lower() not in EN_DETERMINERS:
            thing = f"the {thing}"
        return "", thing
    if lang == "nb":
        first, _, rest = text.partition(" ")
        if rest and len(first) >= 4 and first.lower().endswith("e") and first[:1].isupper():
            return _lower_first(text), _lower_first(rest)
        return "", _lower_first(text)
    if lang == "ja":
        return "", f"「{text}」"
    return "", text


def capitalised(text: str) -> str:
    """The first letter in upper case (a subject line that starts with a noun phrase)."""
    text = text.removeprefix("the ").removeprefix("The ")
    return text[:1].upper() + text[1:]
