"""The word lists of several languages that more than one part of copydesk reads, each written once here.

The byline rules (structure/byline.py, recover.py, hinted.py), the page readers (extract/metadata.py, html.py),
the caption rules (structure/caption.py) and the quote finder (annotate/) read these lists, or a narrower set
made from one of them where a place needs fewer words (each such place says why). All words are lower case.
"""

from __future__ import annotations

# The word that opens a byline before the names ("By X", "Von X", "Por X"): English "by", German "von", Spanish and
# Portuguese "por", French "par", Italian "di" and "da", Swedish and Norwegian "av", Dutch "door", Danish "af",
# Czech, Slovak, Slovenian and Croatian "od", Polish "przez".
BY_WORDS = ("by", "von", "por", "par", "di", "da", "av", "door", "af", "od", "przez")

# The verb a blog or CMS prints before its by-word ("Posted by", "Veröffentlicht von", "Eingestellt von", "Ein Artikel
# von", "Publié par", "Publicado por", "Pubblicato da"), in English, German, French, Spanish and Italian; a word with
# an accent or umlaut is also listed as templates write it without ("veroeffentlicht", "publie", "ecrit", "redige").
BYLINE_VERBS = (
    "posted",
    "published",
    "written",
    "created",
    "submitted",
    "words",
    "story",
    "reporting",
    "an article",
    "post author",
    "veröffentlicht",
    "veroeffentlicht",
    "geschrieben",
    "verfasst",
    "erstellt",
    "eingestellt",
    "gepostet",
    "ein artikel",
    "ein beitrag",
    "beitrag",
    "publié",
    "publiée",
    "publie",
    "publiee",
    "écrit",
    "ecrit",
    "rédigé",
    "rédige",
    "redigé",
    "redige",
    "publicado",
    "escrito",
    "redactado",
    "pubblicato",
    "scritto",
)

# A label that names the author before a colon ("Author: X", "Autor: X", "Autorin: X", "Auteur : X", "Autore: X"):
# English, German (and Spanish, Portuguese, Polish "autor"), French, Italian.
AUTHOR_LABELS = ("author", "autor", "autorin", "auteur", "autore")
# A label that credits the writer of the text before a colon: German "Text: X", French "Texte : X". (Not an author
# label: "text" is a common word, it names a writer only with its colon.)
TEXT_LABELS = ("text", "texte")

# The word that joins two names ("X and Y", "X und Y", "X og Y"): English "and", German "und", French "et", Spanish
# "y", Italian and Portuguese "e", Swedish "och", Norwegian and Danish "og", Dutch "en", Polish, Czech, Croatian and
# Catalan "i".
NAME_CONJUNCTIONS = ("and", "und", "et", "y", "e", "och", "og", "en", "i")

# A label that names where an article's text or a picture comes from, before a colon ("Quelle: dpa", "Source: AP"):
# English and French "source", German "quelle", Spanish "fuente", Portuguese and Italian "fonte", Dutch "bron",
# Russian "источник", Ukrainian "джерело", Korean "출처".
SOURCE_LABELS = ("source", "quelle", "fuente", "fonte", "bron", "источник", "джерело", "출처")
# A label of a photo credit, before a colon ("Photo: X", "Foto: X", "Bild: X", "Bildquelle: X"), or a source label:
# English, German, Spanish "imagen", Italian "immagine", Dutch "afbeelding", Finnish "kuva", Polish "zdjęcie" (and
# "zdjecie"), Russian and Ukrainian "фото", Vietnamese "ảnh", Icelandic "ljósmynd", Turkish "fotoğraf", Korean "사진",
# Japanese "写真", Zulu "isithombe".
CREDIT_LABELS = (
    "photo",
    "photos",
    "photograph",
    "picture",
    "image",
    "images",
    "credit",
    "credits",
    "foto",
    "fotos",
    "bild",
    "bilder",
    "bildquelle",
    "bildrechte",
    "fotoquelle",
    "fotograf",
    "fotografie",
    "photographer",
    "imagen",
    "immagine",
    "afbeelding",
    "kuva",
    "zdjecie",
    "zdjęcie",
    "фото",
    "ảnh",
    "ljósmynd",
    "fotoğraf",
    "사진",
    "写真",
    "isithombe",
    *SOURCE_LABELS,
)

# The verbs that attribute a direct quote, as lemmas (English only: the quote finder reads English articles only).
SPEECH_VERBS = frozenset(
    [
        "say",
        "tell",
        "add",
        "state",
        "explain",
        "note",
        "claim",
        "argue",
        "insist",
        "write",
        "ask",
        "reply",
        "respond",
        "continue",
        "warn",
        "declare",
        "announce",
        "acknowledge",
        "admit",
        "suggest",
        "recall",
        "predict",
        "conclude",
        "emphasize",
        "emphasise",
        "stress",
        "tweet",
        "joke",
        "quip",
        "shout",
        "demand",
        "report",
        "contend",
        "observe",
        "remark",
        "comment",
        "assert",
        "maintain",
        "complain",
        "testify",
        "concede",
        "promise",
        "vow",
        "urge",
        "counter",
        "caution",
        "lament",
        "exclaim",
        "boast",
        "proclaim",
        "agree",
        "deny",
        "muse",
        "whisper",
        "yell",
        "scream",
        "wonder",
        "answer",
        "point",
        "put",
        "reiterate",
        "recount",
        "describe",
        "confirm",
        "interject",
        "chime",
        "retort",
        "scoff",
        "sigh",
        "cry",
        "chant",
        "read",
        "begin",
        "go",
        "sing",
    ]
)
# The speech verbs whose clausal complement is reported speech ("X said (that) ..."): a narrower list, beliefs and
# perceptions stay out (English only).
INDIRECT_VERBS = frozenset(
    [
        "say",
        "tell",
        "add",
        "state",
        "explain",
        "note",
        "claim",
        "argue",
        "insist",
        "write",
        "warn",
        "declare",
        "announce",
        "acknowledge",
        "admit",
        "suggest",
        "predict",
        "conclude",
        "emphasize",
        "emphasise",
        "stress",
        "report",
        "contend",
        "observe",
        "remark",
        "assert",
        "maintain",
        "complain",
        "testify",
        "concede",
        "promise",
        "vow",
        "point",
        "reiterate",
        "confirm",
        "deny",
        "tweet",
    ]
)
# The inflected forms of the commonest speech verbs, as a news story writes them around a quote ("..., he said",
# "Brown told reporters", "she writes"): a tagger may take one for another part of speech (English only).
SPEECH_FORMS = frozenset(
    {"says", "said", "tells", "told", "adds", "added", "asked", "writes", "wrote", "explained", "noted"}
)
