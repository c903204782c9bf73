"""Text -> administrative metadata (body, type, symbol, date, title, period) and the self-assessment table."""
