"""Country names, their short forms and their demonyms, for merging place variants and naming roles.

"US", "U.S." and "America" are all the United States; "Russian Foreign Minister"
is a minister of Russia. The table is small on purpose: it covers the countries
news writes about under more than one name, and demonyms (which the model tags
NORP) for the roles "Syrian President X" -> "President (Syria)".
"""

from __future__ import annotations

import re

# canonical country name: other names it goes by (short forms, abbreviations), keyed lowercase without dots
_COUNTRY_ALIASES = {
    "United States": ["us", "usa", "america", "united states of america"],
    "United Kingdom": ["uk", "britain", "great britain"],
    "United Arab Emirates": ["uae"],
    "North Korea": ["dprk", "democratic people's republic of korea"],
    "South Korea": ["rok", "republic of korea"],
    "China": ["prc", "people's republic of china", "mainland china"],
    "Russia": ["russian federation"],
    "Czech Republic": ["czechia"],
    "Netherlands": ["holland", "the netherlands"],
    "Democratic Republic of the Congo": ["drc", "dr congo"],
    "European Union": ["eu"],
}

# demonym (lowercase): country; the adjective a pre-modifier role names its country by
_DEMONYMS = """
afghan:Afghanistan albanian:Albania algerian:Algeria american:United States angolan:Angola argentine:Argentina
argentinian:Argentina armenian:Armenia australian:Australia austrian:Austria azerbaijani:Azerbaijan
bahraini:Bahrain bangladeshi:Bangladesh belarusian:Belarus belgian:Belgium bolivian:Bolivia bosnian:Bosnia
brazilian:Brazil british:United Kingdom bulgarian:Bulgaria burmese:Myanmar cambodian:Cambodia
cameroonian:Cameroon canadian:Canada chilean:Chile chinese:China colombian:Colombia congolese:Congo
croatian:Croatia cuban:Cuba cypriot:Cyprus czech:Czech Republic danish:Denmark dutch:Netherlands
ecuadorian:Ecuador egyptian:Egypt emirati:United Arab Emirates english:England eritrean:Eritrea
estonian:Estonia ethiopian:Ethiopia european:European Union filipino:Philippines finnish:Finland
french:France georgian:Georgia german:Germany ghanaian:Ghana greek:Greece guatemalan:Guatemala
haitian:Haiti honduran:Honduras hungarian:Hungary icelandic:Iceland indian:India indonesian:Indonesia
iranian:Iran iraqi:Iraq irish:Ireland israeli:Israel italian:Italy ivorian:Ivory Coast jamaican:Jamaica
japanese:Japan jordanian:Jordan kazakh:Kazakhstan kenyan:Kenya korean:Korea kosovar:Kosovo kuwaiti:Kuwait
kyrgyz:Kyrgyzstan lao:Laos latvian:Latvia lebanese:Lebanon libyan:Libya lithuanian:Lithuania
malaysian:Malaysia malian:Mali maltese:Malta mexican:Mexico moldovan:Moldova mongolian:Mongolia
moroccan:Morocco mozambican:Mozambique namibian:Namibia nepalese:Nepal nepali:Nepal new zealand:New Zealand
nicaraguan:Nicaragua nigerian:Nigeria nigerien:Niger north korean:North Korea norwegian:Norway omani:Oman
pakistani:Pakistan palestinian:Palestine panamanian:Panama paraguayan:Paraguay peruvian:Peru
philippine:Philippines polish:Poland portuguese:Portugal qatari:Qatar romanian:Romania russian:Russia
rwandan:Rwanda salvadoran:El Salvador saudi:Saudi Arabia scottish:Scotland senegalese:Senegal
serbian:Serbia singaporean:Singapore slovak:Slovakia slovenian:Slovenia somali:Somalia
south african:South Africa south korean:South Korea south sudanese:South Sudan soviet:Soviet Union
spanish:Spain sri lankan:Sri Lanka sudanese:Sudan swedish:Sweden swiss:Switzerland syrian:Syria
taiwanese:Taiwan tajik:Tajikistan tanzanian:Tanzania thai:Thailand tunisian:Tunisia turkish:Turkey
turkmen:Turkmenistan ugandan:Uganda ukrainian:Ukraine uruguayan:Uruguay uzbek:Uzbekistan
venezuelan:Venezuela vietnamese:Vietnam welsh:Wales yemeni:Yemen zambian:Zambia zimbabwean:Zimbabwe
"""

# "<demonym>:<Country>" pairs: lower-case words, a colon, capitalised words ("south korean:South Korea")
DEMONYMS: dict[str, str] = dict(re.findall(r"([a-z]+(?: [a-z]+)*):([A-Z][a-z]*(?: [A-Z][a-z]*)*)", _DEMONYMS))

# lowercase dotless key: canonical country name
PLACE_ALIASES: dict[str, str] = {}
for _canon, _names in _COUNTRY_ALIASES.items():
    PLACE_ALIASES[_canon.lower()] = _canon
    for _n in _names:
        PLACE_ALIASES[_n] = _canon
KNOWN_COUNTRIES = frozenset(c.lower() for c in DEMONYMS.values()) | frozenset(PLACE_ALIASES)


def place_key(text: str) -> str:
    """The comparison key of a place name: lowercase, no dots, single spaces ("U.S." -> "us")."""
    return " ".join(text.replace(".", "").replace("\u2019", "'").lower().split())


def canonical_place(text: str) -> str | None:
    """The canonical country a name or short form stands for ("US" -> "United States"), else None."""
    return PLACE_ALIASES.get(place_key(text))


def country_of_demonym(text: str) -> str | None:
    """The country a demonym names ("Syrian" -> "Syria", "South Korean" -> "South Korea"), else None."""
    return DEMONYMS.get(place_key(text))
