"""OCR digit repair: the one table of letters OCR reads where a digit was printed.

Each reader repairs only the letters that cannot be real letters where it looks (a symbol's number
part, a date's digit run, a criterion code, a score cell), so each asks for its own subset of the
one table: `digit_table("OoIl|")`.
"""

from __future__ import annotations

import re
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


_DIGIT_FIX = digit_table("oil|")
_DIGITISH_RUN = re.compile(r"[0-9oil|]+")
_UNICODE_DIGIT = re.compile(r"\d")


def digits_in_folded(folded: str) -> str:
    """Fix O/l/I read for digits inside digit runs of a folded text ('2o18' → '2018'), same length.

    What re.sub(r"(?<![a-z])(?=[0-9oil|]*\\d)[0-9oil|]+(?![a-z])", fix, folded) does, in one pass
    over each run of digit-like characters: that regex rescans the rest of the run from every
    position (a page of table borders, '|' x 40 000, took 9 s). A match starts where the previous
    character is not a letter, needs a digit ahead in the run (or a Unicode digit just after it),
    and takes the longest stretch not followed by a letter.
    """
    out: list[str] = []
    last = 0
    for run in _DIGITISH_RUN.finditer(folded):
        s, e = run.span()
        after = folded[e] if e < len(folded) else ""
        after_ok = not ("a" <= after <= "z")  # (?![a-z]) at the end of the run
        digit_after = bool(after) and bool(_UNICODE_DIGIT.match(after))
        last_digit = last_stop = -1  # last [0-9] and last [0-9|] (a non-letter) in the run
        for j in range(s, e):
            c = folded[j]
            if c != "o" and c != "i" and c != "l":
                last_stop = j
                if c != "|":
                    last_digit = j
        pos = s
        while pos < e:
            if last_digit < pos and not digit_after:
                break  # no digit ahead: no match can start here or later in this run
            prev = folded[pos - 1] if pos else ""
            if not ("a" <= prev <= "z"):
                end = e if after_ok else (last_stop if last_stop > pos else -1)
                if end > pos:
                    out.append(folded[last:pos])
                    out.append(folded[pos:end].translate(_DIGIT_FIX))
                    last = pos = end
                    continue
            pos += 1
    out.append(folded[last:])
    return "".join(out)
