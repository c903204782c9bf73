"""Bytes -> pages of text: kind by content, PDF text layer, DOCX, OCR, bundles, legacy fonts; bad files quarantined."""
