"""Vietnamese text: folding for search, and a sort key that follows Vietnamese alphabetical order.

`fold("Phường Đông Hà") == "phuong dong ha"`, so "dong ha" finds it.
`sort_key` orders by the Vietnamese alphabet (a ă â b c d đ e ê ...), then by tone
(ngang, huyền, hỏi, ngã, sắc, nặng), using only [0-9a-z] so that the byte order of SQLite and any
PostgreSQL collation agree on it.
"""

from __future__ import annotations

import functools
import unicodedata

# Combining marks: the three that make new letters, and the five tones.
_BREVE, _CIRCUMFLEX, _HORN = "\u0306", "\u0302", "\u031b"
_TONES = {"\u0300": "2", "\u0309": "3", "\u0303": "4", "\u0301": "5", "\u0323": "6"}  # huyền hỏi ngã sắc nặng
_ALPHABET = [
    "a", "ă", "â", "b", "c", "d", "đ", "e", "ê", "f", "g", "h", "i", "j", "k", "l", "m", "n",
    "o", "ô", "ơ", "p", "q", "r", "s", "t", "u", "ư", "v", "w", "x", "y", "z",
]  # fmt: skip
_RANK = {letter: i for i, letter in enumerate(_ALPHABET)}
_SPACE = "10"  # the code of a space between words


def fold(text: str | None) -> str:
    """Lowercase, strip diacritics (đ -> d), collapse white space."""
    if not text:
        return ""
    return " ".join(folded for folded in map(_fold_word, text.split()) if folded)


@functools.lru_cache(maxsize=65536)
def _fold_word(word: str) -> str:
    decomposed = unicodedata.normalize("NFD", word.replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()


def _letters(text: str) -> list[tuple[str, str]]:
    """Split into (base letter with its letter-forming marks, tone digit) pairs."""
    out: list[tuple[str, str]] = []
    for ch in unicodedata.normalize("NFD", text.lower()):
        if unicodedata.combining(ch):
            if not out:
                continue
            base, tone = out[-1]
            if ch in _TONES:
                out[-1] = (base, _TONES[ch])
            elif ch in (_BREVE, _CIRCUMFLEX, _HORN):
                out[-1] = (unicodedata.normalize("NFC", base + ch), tone)
            continue
        out.append((ch, "1"))
    return out


def _code(letter: str) -> str:
    if letter in _RANK:
        r = _RANK[letter]
        return "abcdefghijklmnopqrstuvwxyz"[r // 26 + 1] + "abcdefghijklmnopqrstuvwxyz"[r % 26]
    if letter.isdigit():
        return "2" + letter
    if letter.isspace():
        return _SPACE
    return ""  # punctuation does not order


def sort_key(text: str | None) -> str:
    """A key whose plain byte order is Vietnamese dictionary order."""
    if not text:
        return ""
    words = [_word_key(word) for word in text.split()]
    primary = _SPACE.join(letters for letters, _tones in words)
    tones = "".join(tones for _letters, tones in words)
    # "0" ends the letters: it sorts before every code (space "10", digits "2x", letters "b?"/"c?"), so a
    # word sorts before its longer forms ("An" < "An Bình" < "Anh"); tones break ties only then.
    return f"{primary}0{tones}"[:250]


@functools.lru_cache(maxsize=65536)
def _word_key(word: str) -> tuple[str, str]:
    """The letter codes and the tone digits of one word: names repeat their words (Nguyễn, Văn, Thị), so a
    list of a hundred thousand members is keyed from a few thousand words."""
    pairs = _letters(word)
    return "".join(_code(letter) for letter, _tone in pairs), "".join(t for letter, t in pairs if letter in _RANK)


def person_sort_key(full_name: str | None) -> str:
    """Vietnamese lists order people by given name (the last word), then by the whole name."""
    if not full_name:
        return ""
    words = full_name.split()
    return sort_key(f"{words[-1]} {full_name}")[:250]
