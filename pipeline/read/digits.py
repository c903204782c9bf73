"""OCR digit repair: the one table of letters OCR reads where a digit was printed.

Each reader repairs only the letters that cannot be real letters where it looks (a symbol's number
part, a date's digit run, a criterion code, a score cell), so each asks for its own subset of the
one table: `digit_table("OoIl|")`.
"""

from __future__ import annotations

from functools import cache

# letter (as OCR gives it) -> the digit printed there
DIGIT_LOOKALIKES: dict[str, str] = {
    "O": "0", "o": "0", "D": "0", "Q": "0",
    "I": "1", "i": "1", "L": "1", "l": "1", "|": "1",
    "Z": "2", "S": "5", "G": "6", "B": "8",
}


@cache
def digit_table(letters: str) -> dict[int, str]:
    """A str.translate table turning each of `letters` (all keys of DIGIT_LOOKALIKES) into its digit."""
    return str.maketrans({c: DIGIT_LOOKALIKES[c] for c in letters})
