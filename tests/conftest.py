import os

# Every Tesseract process of the suite: one thread (9x faster on these machines).
os.environ.setdefault("OMP_THREAD_LIMIT", "1")
os.environ.setdefault("DO_NOT_TRACK", "1")
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
