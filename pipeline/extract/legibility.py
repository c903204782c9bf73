"""Whether a PDF's text layer reads as text, or must be read by OCR from the page's image.

A text layer can be long and still unreadable. Two kinds of damage are common in the PDFs communes send:
- **unmapped glyphs**: a font embedded without a Unicode map. pdfminer writes each such glyph as
  `(cid:123)`; other producers leave U+FFFD (`NH�N D�N`) or control characters;
- **dropped letters**: a font whose map lacks Vietnamese's precomposed letters. The letters vanish and
  the words fall apart: `C NG HOÀ XÃ H I CH NGHĨA VI T NAM`, `Căn c Lu t T ch c H i ng nhân dân`
  (seen in real published decisions; tests/data/real_headers.yaml keeps several).

Trusting such a layer loses the document: the header reader finds no type word, number or title in it.
The test is Vietnamese's own spelling: one syllable per word (`pipeline.core.syllables`); acronyms
(`UBND`, `HĐND`, `QĐ`) are no syllable and are left out of the count. On the real-header corpus's tune
half (316 texts, tests/data/real_headers.yaml), headers as published run at 0.87 and more of their
words spelling a syllable, OCR'd copies included, and its damaged layers at 0.29-0.67; the same texts
with every letter outside Latin-1 and `ĐƯƠĂĨŨ` dropped run at a median of 0.74, and 296 of 316 fall
under 0.85 (295 judged damaged: one kept no accented letter at all; a lost `ộ` leaves `hội` → `hi`, still
a syllable, so damage hides in short headers; a page has more words). The generated inbox's and the real
signed PDFs' text layers run at 0.91 and more.

A page found damaged is read by OCR, and OCR's text is kept only if more of its words spell a syllable
(`better_than`): a layer judged damaged wrongly costs the OCR's time, and its text only where OCR reads
more of it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.core.normalize import accented_share, strip_accents
from pipeline.core.syllables import is_syllable

# pdfminer's spelling of a glyph with no Unicode value; U+FFFD and C0 controls are other producers'.
UNMAPPED_GLYPH = re.compile(r"\(cid:\d+\)|[\ufffd\x00-\x08\x0b\x0c\x0e-\x1f]")
_WORD = re.compile(r"[^\W\d_]+")

# Below this share of words that spell a syllable, a layer is damaged (clean texts: >= 0.87).
MIN_SYLLABLE_SHARE = 0.85
# Above this share of glyphs without a Unicode value, a layer is damaged (a Wingdings bullet per
# paragraph stays well under it).
MAX_UNMAPPED_SHARE = 0.05
# Vietnamese prose runs at 0.3-0.5 accented letters, English at 0; a layer that lost letters keeps 0.10 and
# more (the corpus's texts with their letters dropped as above). Lost letters are only looked for in
# Vietnamese: an English page spells few Vietnamese syllables and is no damage.
VIETNAMESE_ACCENTED_SHARE = 0.05
# Too few words to judge by spelling (a stamp, a table of figures): the layer is trusted.
MIN_WORDS = 20


@dataclass(frozen=True)
class Legibility:
    vietnamese: bool  # accented letters enough to be Vietnamese
    words: int  # words counted (acronyms left out)
    syllables: int  # of those, the words that spell a Vietnamese syllable
    unmapped_share: float  # of the glyphs, the share with no Unicode value

    @property
    def syllable_share(self) -> float:
        return self.syllables / self.words if self.words else 1.0

    @property
    def legible(self) -> bool:
        if self.unmapped_share > MAX_UNMAPPED_SHARE:
            return False
        return not self.vietnamese or self.words < MIN_WORDS or self.syllable_share >= MIN_SYLLABLE_SHARE

    def better_than(self, other: Legibility) -> bool:
        """Whether this reading of a page reads better than `other` (OCR's against a damaged layer's): more
        words that spell a syllable. A blank or faint image OCR reads little of loses to the layer; the same
        words with the lost letters back win."""
        return self.syllables > other.syllables


def legibility(text: str) -> Legibility:
    unmapped = len(UNMAPPED_GLYPH.findall(text))
    mapped = drop_unmapped(text)
    glyphs = sum(1 for c in mapped if not c.isspace()) + unmapped
    syllables = counted = 0
    for word in _WORD.findall(mapped):
        if is_syllable(strip_accents(word).lower()):
            syllables += 1
        elif len(word) >= 2 and word.isupper():
            continue  # an acronym
        counted += 1
    return Legibility(vietnamese=accented_share(mapped) >= VIETNAMESE_ACCENTED_SHARE, words=counted,
                      syllables=syllables, unmapped_share=unmapped / glyphs if glyphs else 0.0)


def drop_unmapped(text: str) -> str:
    """The text without its unmapped glyphs (a space for each: `(cid:3)` is often the space itself)."""
    return UNMAPPED_GLYPH.sub(" ", text)
