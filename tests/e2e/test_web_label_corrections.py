"""The transcript page's label corrections over HTTP, in every language and on both
databases: a plain form per utterance (no script needed), bad input refused."""

from __future__ import annotations

from datetime import date
from typing import Any

from rapport.bootstrap import Container
from rapport.i18n import gettext
from tests.e2e.test_web_pages import assert_page_in, languages_for
from tests.e2e.web_support import TRANSCRIPT, seed, visible_text

SUPPLIER = 4


def _stored(container: Container) -> int:
    ids = seed(container.workspace)
    service = container.conversation
    analysis = service.analyse(
        TRANSCRIPT.encode(), "kickoff.vtt", client=ids["fjord"], me="Me", on=date(2026, 11, 20)
    )
    return service.save(analysis, TRANSCRIPT.encode(), "kickoff.vtt", ids["fjord"]).analysis_id


def test_correct_a_label_in_every_language(api: Any, container: Container, db_url: str) -> None:
    aid = _stored(container)
    page = api.get(f"/transcripts/{aid}")
    assert f'action="/transcripts/{aid}/labels"' in page.text
    assert "<script>" not in page.text and "onclick" not in page.text
    for lang in languages_for(db_url):
        model = container.corrections.utterances(aid)[SUPPLIER - 1]
        target = "other" if model.label != "other" else "business"
        sent = api.post(
            f"/transcripts/{aid}/labels?lang={lang}",
            data={"utterance": str(SUPPLIER), "label": target},
            follow_redirects=False,
        )
        assert sent.status_code == 303
        assert sent.headers["location"] == (
            f"/transcripts/{aid}?relabelled={SUPPLIER}#utterance-{SUPPLIER}"
        )
        shown = api.get(f"/transcripts/{aid}?relabelled={SUPPLIER}&lang={lang}")
        assert shown.status_code == 200
        assert_page_in(shown.text, lang)
        text = visible_text(shown.text)
        changed = gettext(
            "web",
            lang,
            "Label changed for utterance %(number)s. The figures above are measured again "
            "with your labels.",
        )
        assert changed % {"number": SUPPLIER} in text
        assert gettext("web", lang, "Save label") in text
        assert container.corrections.utterances(aid)[SUPPLIER - 1].label == target
        reset = api.post(
            f"/transcripts/{aid}/labels", data={"utterance": str(SUPPLIER), "label": "reset"}
        )
        assert reset.status_code == 200  # followed to the page
        assert container.corrections.utterances(aid)[SUPPLIER - 1] == model


def test_bad_label_forms_are_refused_and_change_nothing(api: Any, container: Container) -> None:
    aid = _stored(container)
    before = container.conversation.get(aid)
    for data in (
        {"utterance": "99", "label": "personal"},
        {"utterance": "0", "label": "personal"},
        {"utterance": "two", "label": "personal"},
        {"utterance": "2", "label": "gossip"},
        {"label": "personal"},
    ):
        response = api.post(f"/transcripts/{aid}/labels?lang=nb", data=data)
        assert response.status_code == 422, data
        assert '<html lang="nb">' in response.text and "Traceback" not in response.text
    missing = api.post("/transcripts/999/labels", data={"utterance": "1", "label": "other"})
    assert missing.status_code == 404
    assert container.conversation.get(aid) == before
