"""Text analysis: folding, Arabic normalisation and light stemming, per-language stems,
and the agreement with PostgreSQL's own configurations that both engines rely on."""

import pytest
import sqlalchemy as sa

from forum.demo.exchanges_content import THREADS
from forum.search import analysis, arabic
from tests.conftest import POSTGRES_URL


def test_arabic_normalisation_removes_marks_and_unifies_letters():
    assert arabic.normalise("مُحَامِيَةٌ") == "محاميه"  # diacritics, taa marbuta
    assert arabic.normalise("مـــدافعة") == "مدافعه"  # tatweel
    assert {arabic.normalise(w) for w in ("أمن", "إمن", "آمن", "ٱمن")} == {"امن"}
    assert arabic.normalise("مستشفى") == "مستشفي"  # alif maqsura → yaa


def test_arabic_light_stemmer_strips_common_prefixes_and_suffixes():
    forms = ("المحامين", "محامون", "محامية", "والمحامين", "للمحامين", "محاميات")
    assert {arabic.stem(arabic.normalise(word)) for word in forms} == {"محام"}
    assert arabic.stem(arabic.normalise("المدافعات")) == arabic.stem(arabic.normalise("مدافعة"))
    assert arabic.stem("الهاتف") == arabic.stem("هاتفها") == "هاتف"
    assert arabic.stem("ال") == "ال" and arabic.stem("في") == "في"  # never below two letters
    assert arabic.stem("phones") == "phones"  # other scripts untouched


def test_each_language_stems_its_own_words_and_drops_its_stop_words():
    assert analysis.analyse(analysis.fold("The defenders and their lawyers"), "en") == [
        "defend",
        "lawyer",
    ]
    assert analysis.analyse(analysis.fold("los teléfonos de las defensoras"), "es") == [
        "telefon",
        "defensor",
    ]
    assert analysis.analyse(analysis.fold("Sécurité des téléphones"), "fr") == analysis.analyse(
        analysis.fold("securite des telephones"), "fr"
    )
    assert analysis.analyse(analysis.fold("os telefones das defensoras"), "pt") == [
        "telefon",
        "defensor",
    ]
    assert analysis.analyse(analysis.fold("في المحامين من الشبكة"), "ar") == ["محام", "شبك"]


def test_arabic_words_in_a_latin_post_are_analysed_as_arabic():
    assert analysis.analysed_text("Safe المحامين network", "en") == "safe محام network"


def test_overlong_words_are_not_indexed():
    assert analysis.fold("a" * 61 + " ok") == ["ok"]


def _demo_words() -> list[tuple[str, str]]:
    """Every distinct word of the demo exchanges with the language it is written in."""
    words: set[tuple[str, str]] = set()

    def add(language: str, text: str) -> None:
        words.update((language, word) for word in analysis.fold(text))

    def replies(items: list) -> None:
        for _, language, body, children in items:
            add(language, body)
            replies(children)

    for thread in THREADS:
        add(thread["language"], thread["title"] + " " + thread["body"])
        replies(thread["replies"])
    return sorted(words)


@pytest.mark.skipif(not POSTGRES_URL, reason="compares with PostgreSQL's configurations")
def test_python_analysis_agrees_with_postgresql_word_by_word(db):
    """SQLite's index (Python) and PostgreSQL's (its configurations) must hold the same
    terms, or a search would find different threads on each engine."""
    words = _demo_words()
    assert len(words) > 1500
    differ = []
    for language, word in words:
        ours = analysis.analyse([word], language)
        theirs = db.session.scalars(
            sa.text("SELECT lexeme FROM unnest(to_tsvector(CAST(:config AS regconfig), :text))"),
            {
                "config": analysis.POSTGRES_CONFIG[language],
                "text": analysis.postgres_text(word, language),
            },
        ).all()
        if ours != theirs:
            differ.append((language, word, ours, theirs))
    assert differ == [], differ
