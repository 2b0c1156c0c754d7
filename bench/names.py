"""Invented names for synthetic entities: pronounceable, unique, with alternate spellings.

Real conflict data is full of renamed and transliterated places (Stepanakert /
Khankendi, Shusha / Shushi), so every generated name can come with variants
that a name search must find through ``skos:altLabel``.
"""

from __future__ import annotations

import random

ONSETS = ["b", "d", "g", "k", "l", "m", "n", "r", "s", "t", "v", "z", "sh", "kh", "ch", "gh", "ar", "az", "er"]
VOWELS = ["a", "e", "i", "o", "u", "ia", "ai"]
CODAS = ["", "", "n", "r", "k", "st", "sh", "m", "d"]
FIRST_NAMES = [
    "Aram",
    "Ilham",
    "Nikol",
    "Serzh",
    "Vagif",
    "Levon",
    "Heydar",
    "Anar",
    "Tigran",
    "Zaur",
    "Samvel",
    "Elnur",
    "Gegham",
    "Rashad",
    "Arsen",
    "Kamran",
    "Davit",
    "Murad",
    "Hovik",
    "Farid",
    "Artak",
    "Orkhan",
    "Karen",
    "Tural",
    "Sargis",
    "Emin",
    "Vardan",
    "Ramil",
    "Ashot",
    "Elchin",
]
#: Spelling variants a transliteration or a renaming produces.
VARIANTS = [("kh", "x"), ("sh", "ş"), ("ch", "ç"), ("gh", "ğ"), ("a", "ə"), ("i", "y"), ("k", "q"), ("u", "ou")]


class NameMaker:
    """Deterministic for a given ``random.Random``; never returns a name twice."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.used: set[str] = set()

    def _word(self, syllables: int) -> str:
        parts = [self.rng.choice(ONSETS) + self.rng.choice(VOWELS) + self.rng.choice(CODAS) for _ in range(syllables)]
        return "".join(parts).capitalize()

    def unique(self, make) -> str:  # noqa: ANN001 - a zero-argument callable returning a name
        """A name from ``make`` not used before (a numeral is added after a few clashes)."""
        for _ in range(8):
            name = make()
            if name.casefold() not in self.used:
                break
        else:
            base, n = name, 2
            while f"{base} {n}".casefold() in self.used:
                n += 1
            name = f"{base} {n}"
        self.used.add(name.casefold())
        return name

    def word(self, syllables: int = 2, suffix: str = "") -> str:
        return self.unique(lambda: self._word(syllables) + suffix)

    def person(self) -> str:
        return self.unique(lambda: f"{self.rng.choice(FIRST_NAMES)} {self._word(self.rng.randint(2, 3))}yan")

    def variants(self, name: str, count: int) -> list[str]:
        """Up to ``count`` alternate spellings of ``name``, unique across the dataset."""
        found: list[str] = []
        for old, new in self.rng.sample(VARIANTS, len(VARIANTS)):
            if len(found) >= count:
                break
            if old in name.lower():
                variant = name.replace(old, new).replace(old.capitalize(), new.capitalize())
                if variant.casefold() not in self.used:
                    self.used.add(variant.casefold())
                    found.append(variant)
        while len(found) < count:  # a renamed place: an unrelated second name
            found.append(self.word(self.rng.randint(2, 3)))
        return found
