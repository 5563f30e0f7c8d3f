"""The reader's article page shows a note ("not annotated: language de") as a quiet note, not in an error box."""

from __future__ import annotations

import lxml.html

import copydesk
from copydesk.store import open_store

from ..conftest import SAMPLE


def test_reader_article_page_shows_notes_quietly(tmp_path):
    from fastapi.testclient import TestClient

    from copydesk.serve.app import create_app

    german = copydesk.parse(SAMPLE / "fundus-at-derstandard.txt", nlp=True)
    db = str(tmp_path / "s.db")
    with open_store(db) as store:
        store.upsert([german])
    with TestClient(create_app(db)) as client:
        response = client.get(f"/articles/{german.id}")
    assert response.status_code == 200
    page = lxml.html.fromstring(response.text)
    (notes,) = page.xpath('//section[@class="notes"]')
    assert "Note: not annotated: language de" in " ".join(notes.text_content().split())
    assert page.xpath('//section[@class="errors"]') == []
