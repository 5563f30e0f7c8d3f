"""The shared word lists (copydesk.words): each is read by the package, and a word one place lacked works there now."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import copydesk
from copydesk import words
from copydesk.extract import metadata
from copydesk.structure.byline import parse_byline
from copydesk.structure.caption import is_credit_line

PACKAGE = Path(copydesk.__file__).parent
LISTS = sorted(name for name in vars(words) if name.isupper())


def _names_read_from_words() -> set[str]:
    """The names of copydesk.words that a module of the package imports (`from ..words import X`) or reads
    (`words.X`)."""
    read = set()
    for path in PACKAGE.rglob("*.py"):
        if path == PACKAGE / "words.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[-1] == "words":
                read.update(alias.name for alias in node.names)
            elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "words":
                read.add(node.attr)
    return read


def test_the_module_holds_the_lists():
    wanted = {"BY_WORDS", "BYLINE_VERBS", "AUTHOR_LABELS", "NAME_CONJUNCTIONS", "CREDIT_LABELS", "SPEECH_VERBS"}
    assert wanted <= set(LISTS)


@pytest.mark.parametrize("name", LISTS)
def test_every_list_is_read_by_the_package(name):
    assert name in _names_read_from_words()


@pytest.mark.parametrize("name", LISTS)
def test_every_list_is_lower_case_and_holds_each_word_once(name):
    values = list(getattr(words, name))
    assert values and all(w == w.lower() and w == w.strip() for w in values)
    assert len(values) == len(set(values))


def test_the_source_labels_are_credit_labels():
    assert set(words.SOURCE_LABELS) <= set(words.CREDIT_LABELS)
    assert words.INDIRECT_VERBS <= words.SPEECH_VERBS


# --- words a place lacked, made whole ---------------------------------------------------------------------------


def test_an_author_label_with_its_feminine_ending_opens_a_byline():
    # "autorin" was no hint word (the cheap test read "autor" and "in" out of the label pattern).
    assert parse_byline("Autorin: Kari Nordmann") == [copydesk.Byline("Kari Nordmann")]


@pytest.mark.parametrize(
    "field, names",
    [
        ("Jan Kowalski i Anna Nowak", ["Jan Kowalski", "Anna Nowak"]),  # Polish "i"
        ("Jan de Vries en Piet Jansen", ["Jan de Vries", "Piet Jansen"]),  # Dutch "en"
    ],
)
def test_an_author_field_splits_on_every_conjunction(field, names):
    assert metadata._names(field) == names


@pytest.mark.parametrize(
    "field, name",
    [
        ("przez Jan Kowalski", "Jan Kowalski"),
        ("Od Jan Novák", "Jan Novák"),
        ("Autore: Mario Rossi", "Mario Rossi"),
        ("Auteur: Marie Dupont", "Marie Dupont"),
        ("Verfasst von Anna Schmidt", "Anna Schmidt"),
        ("Da Silva", "Da Silva"),  # ("da" opens surnames: an author field keeps it)
    ],
)
def test_an_author_field_loses_its_by_word_verb_or_label(field, name):
    assert metadata.clean_name(field) == name


def test_an_author_label_in_any_language_names_the_written_by_pair():
    assert all(metadata._WRITTEN_BY.search(label) for label in ("Auteur", "Autore", "Geschrieben von", "Escrito por"))


@pytest.mark.parametrize("line", ["Fonte: Ministério da Saúde", "Fuente: Ministerio de Salud", "Bron: ANP"])
def test_a_source_label_in_any_language_marks_a_credit(line):
    assert is_credit_line(line)


_PROSE = " ".join(["Das ist ein langer Satz über die Lage in der Stadt, der viele Wörter hat und weitergeht."] * 4)


@pytest.mark.parametrize("by", ["Przez", "Da"])
def test_a_by_word_alone_on_its_line_takes_the_names_under_it(by):
    text = f"Rząd ogłasza nowy plan dla miast\n{by}\nJan Kowalski\n12 maja 2024\n" + "\n\n".join([_PROSE] * 5)
    assert copydesk.parse(text, kind="text").bylines == [copydesk.Byline("Jan Kowalski")]


def _page(byline: str) -> str:
    paragraphs = "".join(f"<p>{_PROSE}</p>" for _ in range(3))
    return (
        f"<html><head><title>Neue Regeln für die Stadt</title></head><body><article><h1>Neue Regeln für die "
        f"Stadt</h1>\n{byline}\n{paragraphs}</article></body></html>"
    )


@pytest.mark.parametrize("label", ["Auteur", "Autore", "Przez"])
def test_a_byline_element_holding_a_label_alone_names_no_one(label):
    page = _page(f'<div class="byline">{label}</div>\n<div class="byline">Anna Schmidt</div>')
    assert copydesk.parse(page, kind="html").bylines == [copydesk.Byline("Anna Schmidt")]


@pytest.mark.parametrize("conjunction", ["e", "och"])
def test_a_name_in_spans_of_its_own_after_a_conjunction_stays_whole(conjunction):
    names = f"<span>Anna Schmidt</span> {conjunction} <span>Jan</span> <span>Kowalski</span>"
    page = _page(f'<div class="byline">{names}</div>')
    bylines = copydesk.parse(page, kind="html").bylines
    assert bylines == [copydesk.Byline("Anna Schmidt"), copydesk.Byline("Jan Kowalski")]
