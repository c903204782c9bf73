"""Deterministic sample inbox for huyện Thạnh Trị, period 2018, and its ground truth.

`python -m samples.generate --out samples/inbox --truth samples/ground_truth.json` writes a realistic
inbox (DOCX, text PDFs, crooked scans, photos, a bundle, duplicates, broken files) whose ground
truth reproduces the district's seed report exactly. Nothing binary is committed.
"""
