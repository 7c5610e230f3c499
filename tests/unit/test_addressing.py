"""Forms of address (issue 12): sensible defaults from a name, the language and the kind of
client; a chosen form wins where the language has it; greetings never use a slash, never
print a name twice and never come out empty, whatever the name."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rapport.domain import addressing
from rapport.domain.model import LANGUAGES
from rapport.drafts import letters


@pytest.mark.parametrize(
    ("name", "lang", "company", "form", "greeting"),
    [
        ("Priya Bennett", "en", True, "first_name", "Dear Priya,"),
        ("Marte Lie", "nb", False, "first_name", "Hei Marte,"),
        ("田中 太郎", "ja", True, "sama", "株式会社さくら\n田中様"),
        ("佐藤 健一", "ja", False, "sama", "佐藤 健一様"),
        ("Vũ Minh Anh", "vi", True, "chi", "Kính gửi chị Minh Anh,"),
        ("Nguyễn Văn Hùng", "vi", True, "anh", "Kính gửi anh Hùng,"),
        ("Trần Thị Mai", "vi", False, "chi", "Kính gửi chị Mai,"),
        ("张敏", "zh-Hans", True, "jingli", "张经理，您好！"),
        ("张敏", "zh-Hans", False, "nvshi", "张敏女士，您好！"),
        ("王伟", "zh-Hans", False, "xiansheng", "王伟先生，您好！"),
    ],
)
def test_defaults_read_the_way_natives_address_people(
    name: str, lang: str, company: bool, form: str, greeting: str
) -> None:
    choice = addressing.default(name, lang, company=company)
    assert choice.form == form
    client = "株式会社さくら" if company else name
    reader = letters.Reader(client, company, name if company else None, choice)
    assert letters.greeting(lang, reader) == greeting


def test_a_chosen_form_and_name_win() -> None:
    choice = addressing.resolve(
        "Priya Bennett", "en", company=True, form="formal", address_name="Ms Bennett"
    )
    reader = letters.Reader("Brightwell Legal", True, "Priya Bennett", choice)
    assert letters.greeting("en", reader) == "Dear Ms Bennett,"
    zong = addressing.resolve("张敏", "zh-Hans", company=True, form="zong")
    assert letters.greeting("zh-Hans", letters.Reader("明远", True, "张敏", zong)) == "张总，您好！"
    # a form of another language is ignored (the client's language decides)
    assert addressing.resolve("Marte Lie", "nb", company=True, form="sama").form == "first_name"


names = st.text(
    alphabet=st.characters(categories=("L",), max_codepoint=0x9FFF), min_size=1, max_size=12
).flatmap(
    lambda a: st.lists(
        st.just(a) | st.text("abcÀệ张田", min_size=1, max_size=5), min_size=1, max_size=4
    )
)


@given(parts=names, lang=st.sampled_from(LANGUAGES), company=st.booleans())
def test_every_greeting_is_one_name_no_slash_never_empty(
    parts: list[str], lang: str, company: bool
) -> None:
    name = " ".join(parts)
    choice = addressing.default(name, lang, company=company)
    assert choice.form in addressing.forms_for(lang)
    assert choice.name.strip()
    reader = letters.Reader("Client Co", company, name if company else None, choice)
    greeting = letters.greeting(lang, reader)
    assert greeting.strip() and "/" not in greeting
    if len(name) > 1 and choice.name == name and choice.form != "quy_khach":
        assert name in greeting and f"{name}{name}" not in greeting.replace(" ", "")
