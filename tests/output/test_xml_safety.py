"""defusedxml is a dependency for openpyxl: the reviewer workbooks read back by `confirm` are
parsed through it (no entity expansion, no external entities)."""

import openpyxl.xml


def test_openpyxl_reads_workbooks_through_defusedxml():
    assert openpyxl.xml.DEFUSEDXML is True
