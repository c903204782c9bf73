"""The clerk-facing sentence for each stable quarantine code.

Extraction stores `error_code` and `error_params` (strings) with each quarantined file; the
sentence is rendered from them in any language, so cached extractions can be re-rendered when
the run's language changes. Every sentence says what is wrong and what to ask the commune for.
"""

from __future__ import annotations

from pipeline.core.i18n import _, translate


class Refused(Exception):
    """The one exception of a file that cannot be read: a stable `code` of `MESSAGES` and its
    parameters (strings, stored with the file). Raised by every reader (`pipeline.extract`), caught
    once by `extract_file`, and rendered to a sentence only at output time (`message`)."""

    def __init__(self, code: str, params: dict[str, object] | None = None):
        super().__init__(code)
        self.code = code
        self.params = {k: str(v) for k, v in (params or {}).items()}


# msgids are marked with N_ so extraction tools find them; translated when rendered.


def N_(message: str) -> str:
    return message


MESSAGES: dict[str, str] = {
    "empty_file": N_("The file is empty (0 bytes): ask the commune to send it again."),
    "too_large": N_(
        "The file is {size_mb} MB, more than the {limit_mb} MB limit: ask the commune to send a smaller "
        "file (scan at 200-300 dpi, or split it)."
    ),
    "unreadable_permissions": N_(
        "The file cannot be opened (no permission to read it): ask the administrator to fix the inbox "
        "file permissions."
    ),
    "corrupt_pdf": N_("The PDF is damaged or incomplete and cannot be read: ask the commune to send it again."),
    "encrypted_pdf": N_(
        "The PDF is password-protected: ask the commune to send it without a password."
    ),
    "too_many_pages": N_(
        "The PDF has {pages} pages, more than the {limit} page limit: ask the commune to split it into "
        "several files."
    ),
    "invalid_docx": N_(
        "The DOCX is not a valid Word document (not a readable ZIP archive with a document inside): "
        "ask the commune to open it in Word, save it again and resend it."
    ),
    "docx_bomb": N_(
        "The DOCX unpacks to {size_mb} MB, more than the {limit_mb} MB limit: ask the commune to remove "
        "large embedded pictures or send it as PDF."
    ),
    "compression_bomb": N_(
        "The DOCX part {part} unpacks to {ratio} times its packed size (limit {limit}): no Word document "
        "does that; it may be a malicious file and was not opened. Ask the commune to save the document "
        "again from Word."
    ),
    "unsafe_docx": N_(
        "The DOCX contains XML declarations Word never writes (it may be a malicious file) and was not "
        "opened: ask the commune to save the document again from Word."
    ),
    "image_bomb": N_(
        "The image is too large to read ({pixels} million pixels, limit {limit} million): ask the commune "
        "to scan it again at 200-300 dpi."
    ),
    "corrupt_image": N_("The image is damaged and cannot be opened: ask the commune to send it again."),
    "unreadable_scan": N_(
        "No text could be read from the scan (blank, too faint or too blurred): ask the commune to scan "
        "it again at 300 dpi."
    ),
    "blank_document": N_(
        "The file opens but its {pages} page(s) are blank: nothing is printed or scanned on them. Ask the "
        "commune to send the document again with its content."
    ),
    "file_timeout": N_(
        "Reading the file took longer than {seconds} seconds and was stopped: ask the commune for a "
        "smaller file (fewer pages, or scanned at 200-300 dpi)."
    ),
    "reader_crashed": N_(
        "Reading the file stopped unexpectedly ({detail}); it will be tried again in the next run. If "
        "it happens again, ask the commune to send the file again, as PDF."
    ),
    "ocr_timeout": N_(
        "Reading the scan took longer than {seconds} seconds for one page and was stopped: ask the "
        "commune for a clearer or smaller scan."
    ),
    "ocr_failed": N_(
        "OCR failed on this file ({detail}); it will be tried again in the next run. If it fails again, "
        "ask the commune for another scan (PDF or JPG, 200-300 dpi)."
    ),
    "ocr_unavailable": N_(
        "The file is a scan but the OCR program (Tesseract with its Vietnamese data) cannot be run on "
        "this machine: ask the administrator to run scripts/bootstrap.sh. The file will be read in the "
        "next run; the commune need not send it again."
    ),
    "unsupported_type": N_(
        "The file is {found}, which cannot be read: send the document as PDF, DOCX, JPG, PNG or TIFF."
    ),
    "extraction_failed": N_(
        "The file could not be read because of an unexpected error ({detail}): report it to the "
        "administrator."
    ),
    # Notes on a document that was read (pipeline.core.model.Note): not problems, what a reviewer may
    # want to know about it.
    "legacy_font": N_("Typed in a legacy {encoding} font; converted to Unicode."),
    "pages_unread": N_("No text could be read on page(s) {pages}."),
    "text_layer_damaged": N_(
        "The PDF's text layer on page(s) {pages} is damaged (as few as {syllables}% of its words are "
        "Vietnamese syllables; {unmapped}% of its characters have no letter in the file's fonts): those "
        "pages were read from their image by OCR."
    ),
    "text_layer_damaged_kept": N_(
        "The PDF's text layer on page(s) {pages} is damaged (as few as {syllables}% of its words are "
        "Vietnamese syllables; {unmapped}% of its characters have no letter in the file's fonts), and OCR "
        "read the page image no better: the damaged text was kept. Check the fields read from it."
    ),
    "not_vietnamese": N_("{chars} characters of text, not Vietnamese: the file supports no criterion; "
                         "check that it is the document the commune meant to send."),
    "little_text": N_("Only {chars} characters of text: the file supports no criterion unless they "
                      "name a document."),
    # The workspace's uploads (pipeline.run.uploads): a ZIP archive is opened into its documents.
    "zip_damaged": N_("The ZIP archive is damaged and cannot be opened: pack it again and upload it again."),
    "zip_too_many": N_(
        "The ZIP archive holds {n} files, more than the {limit} one upload may hold: upload them in several parts."
    ),
    "zip_nested": N_("A ZIP archive inside a ZIP archive is not opened: upload the documents themselves."),
    "zip_member_encrypted": N_(
        "The file is password-protected inside the ZIP archive: pack it without a password."
    ),
    "zip_member_damaged": N_("The file is damaged inside the ZIP archive: pack it again and upload it again."),
    "zip_member_bomb": N_(
        "The file unpacks to {ratio} times its packed size (limit {limit}): no document does that; it may "
        "be a malicious file and was not opened."
    ),
    # The inbox walk's codes (pipeline.inbox.scan): files never extracted.
    "symlink": N_("This is a symbolic link; links are never followed. Copy the file itself into the folder."),
    "outside_inbox": N_("The path leads outside the inbox; the file was not read."),
    "not_regular_file": N_("This is not a regular file (a pipe, socket or device); it was not read."),
    "permission_denied": N_("The file cannot be read (permission denied). Ask the administrator to make it readable."),
    "read_error": N_("The file could not be read ({reason}). Copy it again."),
    "changed_while_read": N_("The file was changing while it was read (still being copied?); it is left for the next run."),
    "changed_before_extraction": N_("The file changed after it was scanned; it is left for the next run."),
}

# `unsupported_type`: what was found, and for the common cases a sentence of its own.
FOUND: dict[str, str] = {
    "ole2": N_("an old Word/Excel (OLE2) document"),
    "zip": N_("a ZIP archive"),
    "xlsx": N_("an Excel workbook (XLSX)"),
    "pptx": N_("a PowerPoint presentation (PPTX)"),
    "odf": N_("an OpenDocument file"),
    "rtf": N_("an RTF document"),
    "gif": N_("a GIF image"),
    "bmp": N_("a BMP image"),
    "webp": N_("a WebP image"),
    "heic": N_("a HEIC photo (iPhone)"),
    "html": N_("a web page (HTML)"),
    "mhtml": N_("a saved web page (MHTML)"),
    "xml": N_("an XML file"),
    "text": N_("plain text"),
    "rar": N_("a RAR archive"),
    "7z": N_("a 7-Zip archive"),
    "gzip": N_("a GZIP archive"),
    "unknown": N_("of an unknown type"),
}
FOUND_MESSAGES: dict[str, str] = {
    "ole2": N_("The file is an old Word/Excel (OLE2) document: save it as DOCX or PDF and send it again."),
    "xlsx": N_("The file is an Excel workbook: print it to PDF (or save the document as DOCX) and send it again."),
    "rtf": N_("The file is an RTF document: save it as DOCX or PDF and send it again."),
    "heic": N_("The file is a HEIC photo (iPhone): export it as JPG and send it again."),
    "zip": N_("The file is a ZIP archive: unpack it and send the documents inside one by one."),
    "rar": N_("The file is a RAR archive: unpack it and send the documents inside one by one."),
    "7z": N_("The file is a 7-Zip archive: unpack it and send the documents inside one by one."),
}


def message(code: str, params: dict[str, str] | None = None, lang: str | None = None) -> str:
    """The sentence for `code` in `lang` (default: the current language)."""
    params = dict(params or {})

    def tr(msgid: str) -> str:
        return translate(msgid, lang) if lang else _(msgid)

    if code == "unsupported_type":
        found = params.get("found", "unknown")
        if found in FOUND_MESSAGES:
            return tr(FOUND_MESSAGES[found])
        params["found"] = tr(FOUND.get(found, FOUND["unknown"]))
    template = MESSAGES.get(code)
    if template is None:
        template = MESSAGES["extraction_failed"]
        params.setdefault("detail", code)
    try:
        return tr(template).format(**params)
    except (KeyError, IndexError, ValueError):
        return tr(template)  # a parameter missing from an old cache entry: the sentence, unfilled
