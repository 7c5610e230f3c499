"""The one translatable text (``rapport.texts.Text``) and its one renderer
(``rapport.i18n.render``)."""

from __future__ import annotations

from rapport.domain.trust import E_LAST_CONTACT
from rapport.errors import NO_CLIENT_NAMED_HINT
from rapport.i18n import render, template
from rapport.texts import N_, Plural, Text, ngettext

HINT = Text(NO_CLIENT_NAMED_HINT, {"name": "Sakra", "suggestion": "Sakura"})


def test_markers_return_the_english_template() -> None:
    assert N_("no rows") == "no rows"
    many = ngettext("{n} test row", "{n} test rows", "n")
    assert many == "{n} test rows"
    assert Text(many, {"n": 1}).plural == Plural("{n} test row", "n")
    assert Text(many, {"n": 1}).english == "1 test row"
    assert Text(many, {"n": 3}).english == "3 test rows"


def test_english_fills_nested_texts_and_leaves_a_text_without_values_alone() -> None:
    outer = Text("{field}: {error}", {"field": "--client", "error": HINT})
    assert outer.english == "--client: no client named Sakra (did you mean Sakura?)"
    assert Text("something {odd} happened").english == "something {odd} happened"
    assert Text.joined([HINT, Text("x")], "; ").english == (
        "no client named Sakra (did you mean Sakura?); x"
    )


def test_render_translates_nested_texts_in_the_same_language_and_domain() -> None:
    outer = Text("{field}: {error}", {"field": "--client", "error": HINT})
    assert render(outer, "nb", "cli") == "--client: ingen kunde heter Sakra (mente du Sakura?)"
    assert render(HINT, "en", "cli") == HINT.english


def test_render_looks_in_the_domains_in_turn() -> None:
    assert render(HINT, "nb", ("sync", "cli")) == render(HINT, "nb", "cli")
    assert render(Text("not a msgid {x}", {"x": 1}), "ja", ("sync", "cli")) == "not a msgid 1"


def test_core_messages_choose_their_plural_and_write_numbers_the_language_way() -> None:
    one = Text(E_LAST_CONTACT, {"days": 1, "cadence": 1400})
    assert render(one, "en", "trust", localize_values=True) == (
        "Last contact 1 day ago, cadence 1400 days"
    )
    nb = render(one, "nb", "trust", localize_values=True)
    assert nb.startswith("Siste kontakt for 1 dag siden") and "1\u00a0400" in nb
    assert template(Text(E_LAST_CONTACT, {"days": 5}), "nb", "trust").startswith(
        "Siste kontakt for {days} dager siden"
    )
