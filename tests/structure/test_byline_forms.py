"""Byline forms of blogs and CMS templates: a verb before the by-word ("Posted by", "Veröffentlicht von"), a label
with its colon ("Autor:", "Auteur :"). Lines as pages of trafilatura's evaluation corpus print them (adbar/trafilatura,
Apache-2.0, via `shared/data/trafilatura-eval`; the pages are the publishers' own, used here for testing only).
"""

from __future__ import annotations

import pytest

from copydesk.structure.byline import dated_name, parse_byline


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


@pytest.mark.parametrize(
    "line",
    [
        "Published by the Federal Reserve on Monday, the report shows more",
        "Posted by admin",
        "Geschrieben von meiner Großmutter im Jahr 1950",
    ],
)
def test_a_verb_before_by_and_no_name_makes_no_byline(line):
    assert parse_byline(line) is None


@pytest.mark.parametrize(
    "line, want",
    [
        ("Posted on September 21, 2020 by Adi Tzlil", ["Adi Tzlil"]),
        ("Posted on 21. Juli 2019 by Realiberry", ["Realiberry"]),
        ("4.02.2022 par Bob Fischer", ["Bob Fischer"]),
        ("Eingestellt von Hans Michel um 21:11", ["Hans Michel"]),
        # A blog's meta row goes on with the category or the comments.
        ("17. Mai 2019 von Henry in Aktuell", ["Henry"]),
        ("May 3, 2019 by Mobasir hassan Post a Comment", ["Mobasir hassan"]),
        ("12.1.2020 von KleineGrüneMonster Ein Kommentar", ["KleineGrüneMonster"]),
    ],
)
def test_the_date_before_the_by_word(line, want):
    assert [b.name for b in parse_byline(line)] == want


@pytest.mark.parametrize(
    "line",
    [
        "Im Jahr 2019 wurde sie von Peter Maier gegründet",
        "2019 von Peter Maier gegründet",
        "Seit 2015 leitet sie das Büro von Maria Huber und Karl Stein in Wien, das 12",
    ],
)
def test_a_sentence_with_a_year_and_a_by_word_is_no_byline(line):
    assert parse_byline(line) is None


@pytest.mark.parametrize(
    "line, want",
    [
        ("Von: Björn Jahner | 31.10.23", ["Björn Jahner"]),
        ("Von Felix Eisenreich // 1. November 2023", ["Felix Eisenreich"]),
    ],
)
def test_the_date_after_a_bar_or_slashes_ends_the_byline(line, want):
    assert [b.name for b in parse_byline(line)] == want


@pytest.mark.parametrize(
    "line, want",
    [
        ("Nicole Collignon 22. Februar 2020", "Nicole Collignon"),
        ("Ariel Melgar Cabrera 3/5/2022 22:41", "Ariel Melgar Cabrera"),
        ("VERÖFFENTLICHT AM 3. November 2023", None),
        ("Berlin, 22. Februar 2020", None),
        ("Montag 22. Februar 2020", None),
    ],
)
def test_a_name_then_its_date_on_one_line(line, want):
    assert dated_name(line) == want
