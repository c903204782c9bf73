"""Documents -> a unit's draft: catalog matching and citations, duplicates, points, flags and gaps."""
