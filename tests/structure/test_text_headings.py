"""Subheadings in whole-page text captures.

The captures are fundus-other pages (see tests/fixtures/README.md); the expected subheadings are
Fundus's truth for each page.
"""

from __future__ import annotations

from pathlib import Path

import copydesk

TEXT = Path(__file__).resolve().parent.parent / "fixtures" / "text"


def _headings(page: str) -> list[str]:
    capture = (TEXT / f"fundus-{page}.txt").read_text(encoding="utf-8")
    return [b.text for b in copydesk.parse(capture, kind="text", nlp=False).blocks if b.kind == "heading"]


def test_questions_head_sections():
    """A subheading may end in a question mark: it still sits over running text."""
    got = _headings("de-BSZ-2025_09_09")
    for want in (
        "Massiver Blackout: Was ist am Mittwoch in Berlin passiert?",
        "Was ist über die Tat und die mutmaßlichen Täter bekannt?",
        "Wer könnte noch hinter dem Brandanschlag auf die Strommasten stecken?",
        "Wie gut gesichert ist das deutsche Stromnetz?",
    ):
        assert want in got


def test_a_quotation_heading_the_line_model_left_out_is_a_heading():
    """„Der zweite Papst aus Amerika“ sits between two paragraphs; the line model scored it as furniture."""
    assert _headings("at-DiePresse-2025_06_05") == [
        "Sie werden nicht verschwinden",
        "Größter Handelspartner",
        "„Der zweite Papst aus Amerika“",
    ]


def test_credits_and_short_runs_are_no_headings():
    """Business Insider's photo credits ("Noel Celis/Getty Images") sit over a line of prose, but are credits."""
    got = _headings("de-BusinessInsiderDE-2024_01_29")
    assert not any("Getty" in h for h in got)


def test_a_time_stamp_over_a_paragraph_is_no_heading():
    """Seznam Zprávy dates a linked story "25. 4. 2023 5:00" on a line of its own, over running text."""
    got = _headings("cz-SeznamZpravy-2025_04_08")
    assert "25. 4. 2023 5:00" not in got
    for want in (
        "Vila na prodej",
        "Plánuje, že něco koupí",
        "Rozhazuje peníze, tvrdí blízcí",
        "Není limitován",
        "Blízcí se odvolali",
    ):
        assert want in got


def test_live_blog_time_lines_still_head_their_entries():
    """NZZ's live blog heads each entry with its time: "11.04 Uhr: Israelische Drohne tötet …" stays a heading."""
    got = _headings("ch-NZZ-2024_07_18")
    assert "11.04 Uhr: Israelische Drohne tötet offenbar libanesischen Extremisten" in got


def test_a_control_label_printed_twice_is_no_heading():
    """Icon text and label of one control ("Link kopieren Link kopieren", "Ajouter à vos sélections Ajouter à vos
    sélections") read as one line in a capture: no heading."""
    from copydesk.structure.recover import _doubled

    assert _doubled("Link kopieren Link kopieren") and _doubled("Ajouter à vos sélections Ajouter à vos sélections")
    assert not _doubled("Plan B: Fahrgemeinschaften") and not _doubled("Größter Handelspartner")
    assert "Ajouter à vos sélections Ajouter à vos sélections" not in _headings("fr-LeMonde-2023_09_01")


def test_show_more_controls_in_several_languages_are_furniture():
    """Le Figaro's "Afficher plus", VG's "Vis mer" and their kin close collapsed texts and teaser lists."""
    from copydesk.structure import cues

    for line in ("Afficher plus", "Mehr anzeigen", "Ver más", "Mostra di più", "Vis mer", "Visa mer", "Toon meer"):
        assert cues.reason_for(line) == "related"
    assert cues.reason_for("Vis mer om saken") is None  # (a longer line is not the control)
    assert "Afficher plus" not in _headings("fr-LeFigaro-2024_11_22")
