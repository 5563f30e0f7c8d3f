"""The stages' contract: what each one requires, reads and assigns on the Article, checked when a Pipeline is built."""

from __future__ import annotations

from dataclasses import fields

import pytest

import copydesk
from copydesk.annotate import LanguageStage, TitleCheckStage
from copydesk.annotate.nlp import NlpStage
from copydesk.pipeline import Pipeline, check_stages
from copydesk.structure import StructureRecovery, split_lines

FIELDS = {f.name for f in fields(copydesk.Article)}


class _Recording:
    """An Article that notes which of its fields a stage reads and which it sets (its own methods read unseen)."""

    def __init__(self, article: copydesk.Article):
        object.__setattr__(self, "_article", article)
        object.__setattr__(self, "read", set())
        object.__setattr__(self, "written", set())

    def __getattr__(self, name):
        if name in FIELDS:
            self.read.add(name)
        return getattr(self._article, name)

    def __setattr__(self, name, value):
        self.written.add(name)
        setattr(self._article, name, value)


@pytest.mark.parametrize(
    "nlp, names",
    [
        (False, ["StructureRecovery", "TitleCheckStage"]),
        (True, ["StructureRecovery", "LanguageStage", "TitleCheckStage", "NlpStage"]),
    ],
)
def test_stage_contract_shipped_pipelines_build(nlp, names):
    pipeline = Pipeline(nlp=nlp)
    assert [type(stage).__name__ for stage in pipeline.stages()] == names
    check_stages(pipeline.stages())


def test_stage_contract_headline_check_runs_without_a_language_stage():
    # Regression: the headline check required `language`, which only the NLP path's language stage assigns.
    assert "language" not in TitleCheckStage.requires and "language" in TitleCheckStage.optional
    check_stages([StructureRecovery(), TitleCheckStage()])


def test_stage_contract_unmet_requirement_fails_at_build(monkeypatch):
    monkeypatch.setattr(TitleCheckStage, "requires", (*TitleCheckStage.requires, "entities"))
    with pytest.raises(
        ValueError,
        match=r"pipeline stage TitleCheckStage requires entities, which no stage before it "
        r"assigns \(given: id, source, lines; stages before it: StructureRecovery\)",
    ):
        Pipeline(nlp=False)
    with pytest.raises(ValueError, match="TitleCheckStage requires entities"):
        Pipeline(nlp=True)  # the NLP stage, which assigns them, runs after it


def test_stage_contract_order_matters():
    with pytest.raises(
        ValueError,
        match=r"NlpStage requires blocks, bylines, language, title_check, .*stages before "
        r"it: none\)",
    ):
        check_stages([NlpStage(), StructureRecovery(), LanguageStage(), TitleCheckStage()])
    with pytest.raises(ValueError, match=r"NlpStage requires title_check, "):
        check_stages([StructureRecovery(), LanguageStage(), NlpStage(), TitleCheckStage()])


def test_stage_contract_unknown_field_fails():
    class Typo:
        requires = ("titel",)
        assigns = ()

    with pytest.raises(ValueError, match="pipeline stage Typo declares titel: not a field of an Article"):
        check_stages([Typo()])


def _reads_and_writes(stage, article: copydesk.Article, *args) -> tuple[set[str], set[str]]:
    recording = _Recording(article)
    stage(recording, *args)
    return recording.read - {"errors"}, recording.written


@pytest.mark.parametrize("language", [None, "en"])
def test_stage_contract_declarations_are_true(seed_text, language):
    """Each stage reads only what it requires or may read and what it assigns, and sets only what it assigns."""
    lines = split_lines(seed_text)
    article = copydesk.Article(id="seed")
    reads, writes = _reads_and_writes(StructureRecovery(), article, lines)
    assert reads <= set(StructureRecovery.assigns) and writes <= set(StructureRecovery.assigns)
    article.language = language
    for stage in (LanguageStage(), TitleCheckStage(), NlpStage()):
        reads, writes = _reads_and_writes(stage, article)
        declared = {*stage.requires, *getattr(stage, "optional", ()), *stage.assigns}
        assert reads <= declared, type(stage).__name__
        assert writes <= set(stage.assigns), type(stage).__name__
    assert article.entities and article.title_check.verdict != "missing"  # (every stage did its work)
