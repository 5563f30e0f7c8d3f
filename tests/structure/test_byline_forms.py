"""Byline forms of blogs and CMS templates: a verb before the by-word ("Posted by", "Veröffentlicht von"), a label
with its colon ("Autor:", "Auteur :"). Lines as pages of trafilatura's evaluation corpus print them (adbar/trafilatura,
Apache-2.0, via `shared/data/trafilatura-eval`; the pages are the publishers' own, used here for testing only).
"""

from __future__ import annotations

import pytest

from copydesk.structure.byline import parse_byline


@pytest.mark.parametrize(
    "line, want",
    [
        ("Veröffentlicht von Chris Jung", ["Chris Jung"]),
        ("Posted by Konstantin", ["Konstantin"]),
        ("erstellt von Dominique", ["Dominique"]),
        ("Ein Artikel von Pamela Sladky", ["Pamela Sladky"]),
        ("Publié par Anne Dupont", ["Anne Dupont"]),
        ("Publicado por Juan Pérez", ["Juan Pérez"]),
        ("Autor: Klausmartin Friedrich", ["Klausmartin Friedrich"]),
        ("Auteur : Anna Kubišta", ["Anna Kubišta"]),
        ("Author: Daniel Lemire", ["Daniel Lemire"]),
    ],
)
def test_a_verb_or_label_before_the_names(line, want):
    assert [b.name for b in parse_byline(line)] == want


@pytest.mark.parametrize("line", [
    "Published by the Federal Reserve on Monday, the report shows more",
    "Posted by admin",
    "Geschrieben von meiner Großmutter im Jahr 1950",
])
def test_a_verb_before_by_and_no_name_makes_no_byline(line):
    assert parse_byline(line) is None
