"""kiemchung: the evidence pipeline for the commune-level Administrative Reform Index (Chỉ số CCHC).

Packages, in the order a file goes through them (each of pure functions, testable without Prefect):
core (shared model, config, text, messages) → inbox → extract → read → decide → output;
run holds the machinery of one run. docs/ARCHITECTURE.md says what each decides and may import.
"""

__version__ = "0.1.0"
