"""Hidden characters (issue 26, item 6): every default-ignorable code point is hidden text,
but the joiners real names need are part of them."""

from __future__ import annotations

import pytest

from pipeline.register.text import hidden_character


@pytest.mark.parametrize(
    "name",
    [
        "کافه\u200cنادری",  # Persian: a zero-width non-joiner inside the word
        "क्\u200dष Sweets",  # Devanagari: ZWJ after the virama
        "Café ❤\ufe0f",  # VS16: the heart as an emoji
        "Family 👨\u200d👩\u200d👧",  # an emoji ZWJ sequence
        "Room #\ufe0f\u20e3",  # a keycap
        "Plain Café",
        "Ünïcödé Bäckerei",
    ],
)
def test_real_names_are_accepted(name):
    assert hidden_character(name) is None


@pytest.mark.parametrize(
    "name, code",
    [
        ("Cafe\U000e0100", "U+E0100"),  # variation selector 17
        ("Cafe\U000e01ef", "U+E01EF"),  # variation selector 256
        ("Ca\U00016fe4fe", "U+16FE4"),
        ("Cafe\U000e0041", "U+E0041"),  # a tag character
        ("Ca\u200dfe", "U+200D"),  # a joiner between Latin letters hides nothing useful
        ("Ca\u200cfe", "U+200C"),
        ("Cafe\ufe0f", "U+FE0F"),  # VS16 after a letter
        ("Cafe\ufe0e", "U+FE0E"),
        ("\u200cکافه", "U+200C"),  # a joiner at the start joins nothing
        ("کافه\u200c", "U+200C"),
        ("ab\u00adcd", "U+00AD"),
        ("ab\u2060cd", "U+2060"),
        ("a\u034fb", "U+034F"),
        ("a\u061cb", "U+061C"),
        ("a\u180eb", "U+180E"),
        ("a\U0001d173b", "U+1D173"),
    ],
)
def test_hidden_characters_are_named(name, code):
    found = hidden_character(name)
    assert found is not None and found.startswith(code), (name, found)
