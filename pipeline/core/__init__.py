"""What every stage shares: the typed model, configuration, text normalization, messages (i18n).

Imports nothing else of ours."""
