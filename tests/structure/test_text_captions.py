"""Captions and photo credits in whole-page text captures.

The captures are fundus-other pages (see tests/fixtures/README.md); the expected captions and credits
are Fundus's truth for each page.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import copydesk
from copydesk.structure import caption
from copydesk.structure.caption import clean_credit, is_credit_line, split_caption
from copydesk.words import CREDIT_LABELS

TEXT = Path(__file__).resolve().parent.parent / "fixtures" / "text"


def _media(page: str) -> list[tuple[str, str | None]]:
    capture = (TEXT / f"fundus-{page}.txt").read_text(encoding="utf-8")
    return [(m.caption, m.credit) for m in copydesk.parse(capture, kind="text", nlp=False).media]


@pytest.mark.parametrize(
    "page, caption_start, credit",
    [
        # A caption the line model left out of the body, far from it, with a labelled credit under it.
        ("ch-TagesAnzeiger-2024_09_04", "Der Parteipräsident der SVP Schweiz, Marco Chiesa", "Urs Flueeler (Keystone)"),
        # A short caption read as a subheading until its credit line follows (Cyrillic label).
        (
            "ru-Kommersant-2025_05_14",
            "Российские переговорщики объяснялись за закрытыми ртами",
            "Дмитрий Азаров, Коммерсантъ",
        ),
        # A photographer written "NAME / AGENCY" after the caption's last sentence.
        ("fr-LeMonde-2023_09_01", "La secrétaire générale de la CGT, Sophie Binet", "BERTRAND GUAY / AFP"),
        # The credit printed over the picture, the caption under it (Czech, German).
        ("cz-SeznamZpravy-2025_12_10", "Žijeme v bezpečí a relativním pohodlí.", "Shutterstock.com"),
        ("de-JungeWelt-2024_04_26", "Werden bald alljährlich gefeiert: Deutsche Soldaten", "Fabrizio Bensch/REUTERS"),
        # A name alone as the caption, a labelled credit under it (Polish).
        ("pl-Rzeczpospolita-2025_02_02", "Friedrich Merz", "REUTERS/Nadja Wohlleben"),
        # "Foto:" on a line of its own between the caption and the credit.
        ("de-SpiegelOnline-2023_04_28", "Fed-Vizechef Michael Barr", "Andrew Harnik / AP"),
        # A path credit after the caption's last sentence (Icelandic).
        ("isl-Morgunbladid-2025_04_16", "´Mæðgurnar Fjóla og Eydís í dómshúsinu í gær", "Ljósmynd/Aðsend"),
        # "Agency | Photographer" as the credit line.
        (
            "de-BoersenZeitung-2024_12_16",
            "Der 1. FC Kaiserslautern hat nicht erst",
            "picture alliance/dpa | Jan Woitas",
        ),
        # A whole credit line in brackets under its caption.
        ("de-NTV-2024_08_05", "Einer der emotionalen Leader im deutschen Team", "Pool via REUTERS"),
    ],
)
def test_captions_and_credits_of_text_captures(page, caption_start, credit):
    assert any(c.startswith(caption_start) and cr == credit for c, cr in _media(page))


@pytest.mark.parametrize(
    "line",
    ["© Matt Campbell / DPA", "Foto: Fredrik Varfjell / NTB", "Ammar Awad / Reuters", "Andrew Harnik / AP"],
)
def test_a_credit_alone_is_no_caption_with_a_credit(line):
    """Lines of the Stern, NRK, NZZ and Spiegel captures: the whole line is the credit."""
    assert split_caption(line) is None
    assert is_credit_line(line)


@pytest.mark.parametrize(
    "line, credit",
    [
        ("Foto: Urs Flueeler (Keystone)", "Urs Flueeler (Keystone)"),
        ("(Foto: Pool via REUTERS)", "Pool via REUTERS"),
        ("(Bild: Verbraucherzentrale.de / Phishingradar)", "Verbraucherzentrale.de / Phishingradar"),
    ],
)
def test_credit_lines_with_brackets(line, credit):
    assert is_credit_line(line) and clean_credit(line) == credit


@pytest.mark.parametrize(
    "line, caption, credit",
    [
        # ABC, Mallorca Zeitung: the photographer's name closing the caption, in brackets or after a slash.
        (
            "Arnaldo Báez intenta marcharse de un defensor del Noia Apostoli. (Edu Luque)",
            "Arnaldo Báez intenta marcharse de un defensor del Noia Apostoli.",
            "Edu Luque",
        ),
        (
            "Polizei-Razzia, hier beim ersten Einsatz am vergangenen Montag in La Soledat / Lorenzo Marina",
            "Polizei-Razzia, hier beim ersten Einsatz am vergangenen Montag in La Soledat",
            "Lorenzo Marina",
        ),
    ],
)
def test_a_photographers_name_closing_the_caption(line, caption, credit):
    assert split_caption(line) == (caption, credit)


@pytest.mark.parametrize(
    "line",
    [
        "Álex Cámara - Europa Press / Europa Press",  # La Vanguardia: a credit line as a whole
        "9. September 2025 um 15:46 Uhr / Frank Wunderlich-Pfeiffer",  # Golem: the date and the author
        "He said it was fine. (See below)",
    ],
)
def test_credit_lines_dates_and_asides_hold_no_caption(line):
    assert split_caption(line) is None


def test_a_sentence_ending_in_a_path_of_numbers_is_no_caption():
    assert split_caption("The service desk answers every call. Call us 24/7") is None


def test_a_dated_source_line_is_no_picture_credit():
    """Bild's "Quelle: BILD 15.05.2023" under a video teaser dates the video; it credits no picture."""
    capture = "\n".join(
        [
            "Der Trainer freut sich: „Ich bin froh, dass es wieder etwas mehr war. "
            "Wir müssen einfach geduldiger sein.“",
            "Reif ist Live vom 15.05.23 Müller-Rückkehr, Haller-Doppelpack und Hertha-Frust",
            "Quelle: BILD 15.05.2023",
            "Die Mannschaft trifft am Samstag auf den Tabellenführer und will den Abstand auf die Spitze verkürzen.",
        ]
        * 2
    )
    assert not copydesk.parse(capture, kind="text", nlp=False).media


def test_a_spaced_name_path_before_the_agency_joins_the_credit():
    line = (
        "Cientos de personas en la pradera de San Isidro, a 15 de mayo de 2025, en Madrid (España). "
        "Gustavo Valiente / Europa Press"
    )
    assert split_caption(line) == (
        "Cientos de personas en la pradera de San Isidro, a 15 de mayo de 2025, en Madrid (España).",
        "Gustavo Valiente / Europa Press",
    )


@pytest.mark.parametrize(
    "line, caption, credit",
    [
        # Yomiuri, Kyodo via Nikkan Gendai, Tokyo Shimbun, Chunichi (Japanese); MBN, Hankook Ilbo (Korean);
        # VnExpress (Vietnamese): captions as their text captures print them.
        (
            "尹大統領の発言をテレビで見る国民（ソウルで、３日）＝ＡＰ",
            "尹大統領の発言をテレビで見る国民（ソウルで、３日）",
            "ＡＰ",
        ),
        (
            "バレー男子ネーションズリーグ、日本代表の（左から）西田、小野寺、高橋藍、石川（Ｃ）共同通信社",
            "バレー男子ネーションズリーグ、日本代表の（左から）西田、小野寺、高橋藍、石川（Ｃ）",
            "共同通信社",
        ),
        (
            "移送のため警視庁を出る岩本絹子容疑者＝13日、東京・霞ケ関で（潟沼義樹撮影）",
            "移送のため警視庁を出る岩本絹子容疑者＝13日、東京・霞ケ関で",
            "潟沼義樹",
        ),
        (
            "2017년 서울 용산구 백범김구기념관에서 성남시장으로 강연을 하고 있는 이재명 대통령 당선인 "
            "[사진 출처 = 연합뉴스]",
            "2017년 서울 용산구 백범김구기념관에서 성남시장으로 강연을 하고 있는 이재명 대통령 당선인",
            "연합뉴스",
        ),
        (
            "정청래, 김민석 더불어민주당 당대표 후보가 12일 서울 여의도 국회 의원회관에서 인사하고 있다. 뉴스1",
            "정청래, 김민석 더불어민주당 당대표 후보가 12일 서울 여의도 국회 의원회관에서 인사하고 있다.",
            "뉴스1",
        ),
        (
            "Y bác sĩ nội soi cho bệnh nhân. Ảnh: Bệnh viện cung cấp",
            "Y bác sĩ nội soi cho bệnh nhân",
            "Bệnh viện cung cấp",
        ),
        # Eyethu News (Zulu): a name as the caption, "Isithombe:" (picture) labelling the credit.
        ("Rejoice Ndlovu. Isithombe: Sithunyelwe", "Rejoice Ndlovu", "Sithunyelwe"),
    ],
)
def test_captions_in_scripts_and_languages_beyond_europe(line, caption, credit):
    """Agencies named in their own scripts, photo labels of more languages, credits closing Japanese captions."""
    assert split_caption(line) == (caption, credit)


# Each costly caption pattern with the cheap test that guards it: the test must pass every line the pattern matches.
_GUARDS = [
    (caption._LABELLED_TAIL.match, caption._may_have_labelled_tail),
    (caption._AGENCY_TAIL.match, caption._may_have_agency_tail),
    (caption._CREDIT_ONLY.fullmatch, caption._may_be_credit_only),
]
_FIXTURE_LINES = sorted(
    {
        line.strip()
        for path in TEXT.glob("*.txt")
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    }
)
_CREDIT_SHAPED = st.builds(
    lambda caption_, sep, label, case, credit, agency, tail: [
        f"{caption_}{sep}{case(label)}: {credit}",
        f"{case(label)} : {credit}",
        f"{caption_} © {credit}",
        f"{caption_} {agency}",
        f"{caption_} {agency}.",
        f"{caption_} - {credit}/{agency}",
        f"{agency}{tail}",
        f"{case(agency)}{tail}",
        f"{credit} via {agency}",
    ],
    st.text(min_size=8, max_size=40),
    st.sampled_from([" ", ". ", " | ", ", ", " - "]),
    st.sampled_from(CREDIT_LABELS),
    st.sampled_from([str, str.upper, str.title, str.capitalize]),
    st.text(st.characters(blacklist_characters="()\n"), min_size=2, max_size=30),
    st.sampled_from(caption._AGENCY_NAMES),
    st.sampled_from(["", " / Jane Doe", " | Jane Doe", " via AFP", "/Jane Doe/Pool"]),
)


@pytest.mark.parametrize("pattern, guard", _GUARDS)
def test_the_cheap_tests_pass_every_line_their_pattern_matches_in_real_captures(pattern, guard):
    matched = [line for line in _FIXTURE_LINES if pattern(line)]
    assert matched  # the captures hold lines of each shape, so the check below is not empty
    assert [line for line in matched if not guard(line)] == []


@given(_CREDIT_SHAPED)
def test_the_cheap_tests_pass_every_line_their_pattern_matches_in_credit_shaped_text(lines):
    for line in lines:
        for pattern, guard in _GUARDS:
            assert guard(line) or not pattern(line), (line, guard.__name__)
