"""kiemchung: the evidence pipeline for the commune-level Administrative Reform Index (Chỉ số CCHC).

Stages (each a module of pure functions, testable without Prefect):
extract → normalize → classify (metadata) → match → dedupe → gaps → score → export.
"""

__version__ = "0.1.0"
