"""Document symbols ("số, ký hiệu"): where a header prints its own ("Số: 05/KH-UBND", a party's
"Số 12-BC/ĐU", a draft's blank "Số:    /KH-UBND"), every symbol a text cites, the canonical
spelling (`normalize_symbol`: '05 / kh.ubnd' → '05/KH-UBND') and the looser OCR-tolerant key that
matching (citations) and dedupe (vetoes) compare (`symbol_key`: accents folded, upper case,
spaces, dots and underscores gone, letters OCR reads for digits turned into those digits in the
number part, leading zeros dropped: 'O5 / KH.UBND' → '5/KH-UBND')."""

from __future__ import annotations

import bisect
import re

from pipeline.core.normalize import fold, nfc
from pipeline.read.dates import BLANK_DOTS
from pipeline.read.digits import digit_table
from pipeline.read.doctypes import ND30_CODES, TOKEN_FIX

_NUM = r"[0-9OoIl|]{1,5}"

# A code token is up to 14 letters: a joint body writes its issuers' codes at length
# ("102/2025/NQLT-UBTVQH15-CP-ĐCTUBTWMTTQVN": 13).
# No code holds a letter with a horn or a hat but Đ: OCR's "ƯBND" is UBND (`build_symbol` writes it so).
_TOK_ANY = r"[A-Za-zĐđÐƯư&]{1,14}"
# In capitals but for a "Tr" (trị, trình, trung: "TTr", "CTr", "CTrTT", "GDTrH"), "QyĐ" and "TTg".
_TOK_UP = r"(?:[A-ZĐÐƯ&]{0,10}Tr[A-ZĐÐƯ&]{0,10}|QyĐ|TTg|[A-ZĐÐƯ&]{1,14})"


_SEP = r"(?:\s*[-._–]{1,2}\s*)"


# Between later code tokens a slash too: joint and party symbols ("01/QCPH/UBND-UBMTTQ"). A dot before a space
# ends the symbol, as a sentence's full stop: "Số: 778/TCHQ-GSQL. V/v …", "Số: 435/QĐ-UBND. Kon Tum, ngày …".
# A colon or a quote glued between two codes is OCR's hyphen ("27/CI:TTg", "102/2025/NQLT:UBTVQH15-CP", "31/CT'TTg" at
# 150 dpi): no code is written so, and "Số: 36/KH-UBND: …" has a space after its colon.
_HYPHEN_MISREAD = r"[:'‘’`´]"
_SEP_LATER = rf"(?:\s*(?:[-_–]|\.(?!\s)){{1,2}}\s*|/(?=[A-ZĐ])|{_HYPHEN_MISREAD}(?=[A-ZĐÐ]))"


# The end of a symbol: no letter or digit follows. An underscore may: OCR reads the rule under the
# issuing body, or a speck, glued to the symbol ("03/KH-UBND__ Châu Hưng, ngày …"), and `\w`
# counting "_" as a letter cut that symbol back to "03/KH". Nor does a footnote's superscript mark
# ("Số: 36/KH-UBND¹" on a legal site's page).
_END = r"(?![^\W_¹²³⁰-⁹])"


# The National Assembly and its Standing Committee sign with their term's number and no type code:
# "653/2019/UBTVQH14", "56/2017/QH14": the symbol says no type (the title word does).
_LEGISLATURE = r"(?:UBTVQH|QH)\d{2}"
# ... as OCR may read it: a speck before the term ("105/2025/UBTVQH{15" at 150 dpi), dropped by `build_symbol`
_TERM_SPECKS = r"[{}\[\]|!]"
_LEGISLATURE_READ = rf"(?:UBTVQH|QH)(?:{_TERM_SPECKS}?\d{{2}}|I\d)"  # "UBTVQHI5": `build_symbol`'s I for 1


_TERM_SPECK = rf"(?:{_TERM_SPECKS}(?=\d))?"  # a speck between a code and its term number ("NQ-UBTVQH{15")


# A letter's "V/v" (về việc) is where its summary starts, never a token of its code: on a line OCR joined,
# "Số: 2864/LĐTBXH-NCC.V/v giải quyết …", "Số: 1414/TCT-CS-V/v hỗ trợ …".
_NOT_VV = r"(?![Vv]\s*/\s*[Vv](?![A-Za-zĐđ]))"


def _symbol_re(tok: str, num: str = _NUM, fill: str = "") -> str:
    return (
        # OCR may drop the slash after the year ("18/2025NQ-HĐND"): the year's four digits still end there. It may
        # cut the year with a space ("172/201 5/QĐ-UBND", two words on a scan).
        rf"(?P<num>{num}[a-zA-Z]?){fill}\s*/\s*(?:(?P<yr>(?:19|20)[0-9Oo] ?[0-9Oo])(?:\s*/\s*|(?=[A-ZĐ]{{2}})))?"
        rf"(?P<code>(?<=\d/)(?-i:{_LEGISLATURE_READ})|{tok}(?:{_SEP_LATER}{_NOT_VV}{tok}{_TERM_SPECK}\d{{0,3}}){{0,4}}){_END}"
    )


# After "Số": OCR makes it "S6", "S0", "Sô", "So"; the symbol may be lower-cased by OCR.
# A PDF whose font lost the "ố" leaves a bare "S" ("S 291/QĐ-UBDT", "S : 165/2003/Q-UB"): taken only
# in capitals and right before the number.
# A legal-text site's table, or a register, labels it "Số hiệu:", "Số, ký hiệu:", "Số và ký hiệu văn bản:".
_SO_LABEL = r"(?:\s*,?\s*(?:v[àa]\s+)?(?:k[ýy]\s+)?hi[ệe]u(?:\s+v[ăa]n\s+b[ảa]n)?)?"
_SO_PREFIX = (r"(?<![\w])(?:s(?:\s?[oòóỏõọôồốổỗộơờớởỡợ]|[0-9])" + _SO_LABEL
              + r"|(?-i:S)(?=\s{0,2}:?\s{0,2}\d))\s*[:;.,]{0,2}\s*")


# Right after "Số", OCR may split the number's digits ("Số: 3 1/BC-UBND", a pen's "45 6 /QĐ-UBND", "Số:8 5 2 0/BCT-KHCN"
# digit by digit); nowhere else is that read as one number.
# The Government numbers a series of resolutions with a dot ("Số: 66.16/2026/NQ-CP").
_NUM_AFTER_SO = rf"(?:\d{{1,3}}\.\d{{1,3}}(?=\s*/)|(?:\d(?: \d){{2,4}}|\d{{1,2}} \d{{1,3}})(?=\s*/)|{_NUM})"


# A number typed or written into the printed blank keeps the blank's dots around it ("Số: 36…/KH-UBND",
# "Số: ....36..../KH-UBND", "Số: 15. /2014/QĐ-UBND"): only after "Số", where a blank is printed.
_BLANK_BEFORE = rf"(?:{BLANK_DOTS}{{1,12}}\s*)?"
_BLANK_AFTER = rf"(?:\s*{BLANK_DOTS}{{1,12}})?"
SYMBOL_AFTER_SO = re.compile(_SO_PREFIX + _BLANK_BEFORE + _symbol_re(_TOK_ANY, _NUM_AFTER_SO, _BLANK_AFTER), re.IGNORECASE)


SYMBOL_BARE = re.compile(r"(?<![\w/])" + _symbol_re(_TOK_UP))


# "Số: 05 UBND-VP": OCR lost the slash; only after "Số" and with a hyphenated code in capitals. On
# scans the slash after a one-digit number melts into it ("Số: 3KH-UBND" for 3/KH-UBND): a digit
# right against the code's capitals is that ("Số: 01QCPH/UBND-UBMTTQ", a joint rule's later slash kept). (A slash read
# as a letter is `slash_restored`'s.)
SYMBOL_NO_SLASH = re.compile(
    "(?i:" + _SO_PREFIX + ")"
    + rf"(?P<num>{_NUM})(?:\s+|(?<=\d)(?=[A-ZĐÐ]))(?P<yr>)(?P<code>{_TOK_UP}(?:(?:{_SEP}|/){_TOK_UP}){{1,3}}){_END}"
)


# OCR reads the slash after the number as a stroke letter, "I", "l" or "|" ("Số: 1906 ISGDĐT-CTrTT" for
# 1906/SGDĐT-CTrTT, "Số: 476 IUBND"): after "Số" and a number in figures, before a code in capitals.
STROKE_FOR_SLASH = r"\s*[Il|]\s*(?=[A-ZĐÐ]{2}|Tr\b)"  # or a Tờ trình's own "Tr" ("312 ITr-LĐTB&XH")
_STROKE_AFTER_NUMBER = re.compile(r"^(\s*(?i:" + _SO_PREFIX + r")\d{1,5})" + STROKE_FOR_SLASH)


def slash_restored(line: str) -> str:
    """A number line with the slash OCR read as a stroke letter written back (`STROKE_FOR_SLASH`)."""
    return _STROKE_AFTER_NUMBER.sub(r"\1/", line, count=1)


# An unsigned draft's "Số:     /KH-UBND": the number is filled in at signing, the type code is there.
BLANK_SYMBOL = re.compile(
    "(?i:" + _SO_PREFIX + rf")[.…_ ]*/\s*(?P<code>{_TOK_UP})(?:{_SEP}{_TOK_UP}){{0,4}}{_END}"
)


# Party documents number the other way round: "Số 12-BC/ĐU" (number-type/issuer).
PARTY_SYMBOL = re.compile(
    _SO_PREFIX + _BLANK_BEFORE + rf"(?P<num>{_NUM}){_BLANK_AFTER}\s*-\s*(?P<code>{_TOK_ANY})\s*/\s*"
    rf"(?P<org>{_TOK_ANY}(?:\s*[-/.]\s*{_TOK_ANY}){{0,3}}){_END}",
    re.IGNORECASE,
)


# Before the 1990s the Government and its Council of Ministers numbered "Số: 34-CP", "67-HĐBT",
# "178-CP": number, a hyphen, the issuer's code, and no slash after it (a party's "12-BC/ĐU" has one). A clerk
# may hyphenate a state symbol so too: "Số: 12-KH-UBND". OCR may read a speck after the hyphen ("67-:HĐBT").
DASH_SYMBOL = re.compile(
    "(?i:" + _SO_PREFIX + ")" + rf"(?P<num>{_NUM})\s*-\s*[:.]?\s*(?P<code>[A-ZĐÐ]{{2,8}}(?:-[A-ZĐÐ]{{2,10}}){{0,3}})(?![^\W_]|\s*/|-)"
)


# Joint documents of the 1980s-90s: the number, the issuers hyphenated, the type after a slash:
# "Số: 01-TANDTC-VKSNDTC/TTLT" (a party's "12-BC/ĐU" has one token before its slash, and no type after it).
JOINT_DASH_SYMBOL = re.compile(
    "(?i:" + _SO_PREFIX + ")" + rf"(?P<num>{_NUM})\s*-\s*(?P<orgs>[A-ZĐÐ]{{2,10}}(?:\s*-\s*[A-ZĐÐ]{{2,10}}){{1,3}})"
    rf"\s*/\s*(?P<code>[A-Za-zĐđÐ]{{2,5}}){_END}"
)


def build_joint_dash(m: re.Match[str]) -> tuple[str, str | None, str] | None:
    num = _fix_digits(m.group("num"))
    code = m.group("code").replace("Ð", "Đ")
    code = TOKEN_FIX.get(code.upper(), code)
    if not re.search(r"\d", num) or code not in ND30_CODES:
        return None
    orgs = re.sub(r"\s+", "", m.group("orgs")).replace("Ð", "Đ")
    return f"{num}-{orgs}/{code}", code, num


def build_dash(m: re.Match[str]) -> tuple[str, str | None, str] | None:
    num = _fix_digits(m.group("num"))
    if not re.search(r"\d", num):
        return None
    code = _one_dyet(m.group("code"))
    # a clerk's hyphens throughout, "Số: 12-KH-UBND": the type leads as after a slash
    head = code.split("-")[0]
    return f"{num}-{code}", (head if head in ND30_CODES and head != "CV" else None), num


def _one_dyet(code: str) -> str:
    """A code with its Đ in one code point. "LĐÐTBXH", "CV/ĐÐU": OCR read one Đ twice, as both code points
    (Đ U+0110 and the look-alike Ð U+00D0); no printed code mixes the two. Three in a row ("HĐĐĐBT": a bold
    face's Đ, read thrice) is one: no code spells that; two may be printed ("QLĐĐ", đất đai) and stay."""
    return re.sub("Đ{3,}", "Đ", re.sub("ĐÐ|ÐĐ", "Đ", code).replace("Ð", "Đ"))


def _misread_type(code: str) -> str | None:
    """The type code OCR misread in a serif face: a T read "I" ("CI" for CT), an r read "IR" ("TTIR" for
    TTr); None unless exactly one such repair gives a type code. No printed first token of the real
    headers' 638 symbols that is no type code holds an I."""
    candidates = {code.replace("IR", "r"), *(code[:i] + "T" + code[i + 1:] for i, c in enumerate(code) if c == "I")}
    hits = {c for c in candidates if c in ND30_CODES}
    return hits.pop() if len(hits) == 1 else None


def _letters_once(code: str) -> str:
    """A code with every letter OCR read twice or more in a row read once ("QĐĐ" → "QĐ")."""
    return re.sub(r"(.)\1+", r"\1", code)


def _undoubled(code: str) -> str:
    """A type code with the letter OCR doubled read once ("QĐĐ", "KHH", a bold face's usual misreading): no
    type code has a doubled letter but TTr and TTg, and an unknown code stays as read."""
    once = _letters_once(code)
    return once if code not in ND30_CODES and once in ND30_CODES else code


def build_party(m: re.Match[str]) -> tuple[str, str | None, str] | None:
    num = _fix_digits(m.group("num"))
    if not re.search(r"\d", num):
        return None
    code = _undoubled(TOKEN_FIX.get(c := m.group("code").upper().replace("Ð", "Đ"), c))
    org = _one_dyet(re.sub(r"\s+", "", m.group("org")).upper())
    org = re.sub(r"[^-/.]+", lambda t: TOKEN_FIX.get(t.group(0), t.group(0)), org)
    return f"{num}-{code}/{org}", (code if code in ND30_CODES else None), num


# A type code glued to the issuer that follows it, the hyphen lost ("QĐUBND"): only these issuers,
# so that a code that merely starts like a type ("BCĐ": a steering committee) is never cut.
_GLUED_ISSUER = re.compile(r"(" + "|".join(sorted((c for c in ND30_CODES if c != "CV"), key=len, reverse=True))
                           + r")(UBND|HĐND|UBMTTQ|VP)")


def _fix_digits(s: str) -> str:
    return s.translate(digit_table("OoIl|"))


_TR_CODE = re.compile(r"[A-ZĐ]+Tr[A-ZĐ]*")


def build_symbol(m: re.Match[str]) -> tuple[str, str | None, str] | None:
    """(normalized symbol, type code or None, number) from a symbol match."""
    num = _fix_digits(m.group("num")).replace(" ", "")
    if not re.search(r"\d", num):
        return None
    raw_code = _one_dyet(m.group("code")).replace("đ", "Đ").replace("Ư", "U").replace("ư", "u")
    # "UBTVQHI15": OCR read the legislature's 1 as "I1"; "UBTVQHI3": as "I" (terms run 1 to 15, and the
    # two-digit ones are the ones still cited); a provincial council's term the same ("NQ-HĐNDI15" for
    # "NQ-HĐND15"). No code spells "QHI" or "HĐNDI" before a term number.
    raw_code = re.sub(rf"{_TERM_SPECKS}(?=\d)", "", raw_code)  # `_TERM_SPECK`, `_LEGISLATURE_READ`
    raw_code = re.sub(r"(QH|HĐND)I(\d{2})\b", r"\1\2", raw_code)
    raw_code = re.sub(r"(QH|HĐND)I(\d)\b", r"\g<1>1\2", raw_code)
    parts = re.split(rf"(\s*[-._–]{{1,2}}\s*|/|{_HYPHEN_MISREAD})", raw_code)
    # Upper case, but for a code that spells "Tr" so (trung, trình, trường): "GDTrH", "CTrTT" as "TTr" and "CTr"
    tokens = [p if _TR_CODE.fullmatch(p) else p.upper() for p in parts[::2]]
    seps = [p.strip() for p in parts[1::2]]
    if len(tokens) >= 3 and tokens[-1] == "NAM" and re.search(r"[\s_]", parts[-2]):
        # "Số: 15/CT-UBND - NAM": the motto's "VIỆT" / "NAM" wrapped beside the number line, read onto it
        tokens, seps = tokens[:-1], seps[:-1]
    tokens = [TOKEN_FIX.get(t, t) for t in tokens]
    if not tokens or not tokens[0]:
        return None
    code = tokens[0]
    if (undoubled := _undoubled(code)) != code:
        code = tokens[0] = undoubled
    elif code not in ND30_CODES and (glued := _GLUED_ISSUER.fullmatch(_letters_once(code))):
        # OCR lost the hyphen, doubling a letter or not: "1961/QĐĐĐUBND" is 1961/QĐ-UBND
        code = glued.group(1)
        tokens[:1] = [code, glued.group(2)]
        seps[:0] = ["-"]
    elif code not in ND30_CODES and (misread := _misread_type(code)):
        code = tokens[0] = misread
    out = code
    for i, (sep, tok) in enumerate(zip(seps, tokens[1:], strict=False)):
        # The separator after the first token is a hyphen (OCR reads it as '.'); later dots are real
        # ("QĐ-CT.UBND": the Chairman of the People's Committee).
        out += ("/" if sep == "/" else "." if (i > 0 and "." in sep) else "-") + tok
    yr = m.group("yr")
    head = f"{num}/" + (f"{_fix_digits(yr).replace(' ', '')}/" if yr else "")
    if re.fullmatch(_LEGISLATURE, code):
        return head + out, None, num
    type_code = code if code in ND30_CODES else ("CV" if len(tokens) >= 1 else None)
    return head + out, type_code, num


def parse_symbol(text: str) -> tuple[str, str] | None:
    """The document symbol of a text (header line or citation) and its type code.

    "Số: 05 / KH - UBND" → ("05/KH-UBND", "KH"); "45/UBND-VP" (no type code) → ("45/UBND-VP", "CV").
    A "Số:" symbol is preferred over a bare one.
    """
    text = nfc(text)
    for rx in (SYMBOL_AFTER_SO, SYMBOL_BARE):
        for m in rx.finditer(text):
            built = build_symbol(m)
            if built:
                return built[0], built[1]
    return None


def find_symbols(text: str) -> list[tuple[str, int, int]]:
    """Every symbol cited in a text, normalized, with its span: for evidence cells and body citations."""
    text = nfc(text)
    found: list[tuple[str, int, int]] = []
    # Spans taken by earlier patterns, sorted and disjoint, so their ends increase too: the only one
    # a match can overlap is the last starting before the match ends (a bisect, not a scan of every
    # span: a table of thousands of symbols made that quadratic). One pattern's own matches never
    # overlap each other.
    starts: list[int] = []
    ends: list[int] = []
    for rx in (SYMBOL_AFTER_SO, SYMBOL_BARE):
        new: list[tuple[int, int]] = []
        for m in rx.finditer(text):
            i = bisect.bisect_left(starts, m.end()) - 1
            if i >= 0 and m.start() < ends[i]:
                continue
            built = build_symbol(m)
            if built:
                found.append((built[0], m.start("num"), m.end()))
                new.append((m.start(), m.end()))
        spans = sorted([*zip(starts, ends, strict=True), *new])
        starts, ends = [a for a, _ in spans], [b for _, b in spans]
    return sorted(found, key=lambda x: x[1])


_ANY_SYMBOL = re.compile(_symbol_re(_TOK_ANY))


def _as_symbol(text: str) -> str | None:
    m = SYMBOL_AFTER_SO.search(text) or _ANY_SYMBOL.search(text)
    built = build_symbol(m) if m else None
    return built[0] if built else None


def normalize_symbol(s: str) -> str:
    """The canonical spelling of a symbol for comparisons: '05 / kh.ubnd' → '05/KH-UBND'."""
    s = nfc(s or "").strip()
    if built := _as_symbol(s):
        return built
    # NFC again: dropping a space can put a combining mark on a letter ('ngày \u0300' → 'NGÀỲ').
    spelled = nfc(re.sub(r"\s+", "", s).upper().replace("Ð", "Đ"))
    # Spelled so, the text may read as a symbol it did not read as before ("i/A" → "I/A", whose I is OCR's
    # 1): normalised once more it would give that symbol, so it gives it now (the spelling is idempotent).
    return (_as_symbol(spelled) if spelled != s else None) or spelled


INNER_SO = re.compile(r"(?<=\s)S[ốốôo6]?[ \t]?[:.]?[ \t]*[0-9OolI|]{1,5}\s*[/-]\s*(?:(?:19|20)\d\d\s*/\s*)?[A-ZĐ]")


SYMBOL_JUNK = re.compile(r"[\s._]+")
# Letters OCR reads for digits in a symbol's number part (upper case: the key is upper-cased).
SYMBOL_NUMBER_DIGITS = digit_table("ODQILZSGB")


def symbol_key(symbol: str) -> str:
    """normalize_symbol (the shared spelling) then an OCR-tolerant key: accents folded, spaces and
    dots gone, O/I/L... read as digits in the number part, leading zeros dropped."""
    s = normalize_symbol(symbol) or symbol
    s = SYMBOL_JUNK.sub("", fold(s).upper()).replace("\\", "/")
    head, sep, tail = s.partition("/")
    head = head.translate(SYMBOL_NUMBER_DIGITS).lstrip("0") or head
    return head + sep + tail
