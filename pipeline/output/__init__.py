"""What people read and sign: the reviewer workbook, its confirmation, the district table and report."""
