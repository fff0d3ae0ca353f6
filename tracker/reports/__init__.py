"""Data in and out: CSV/HXL exports, bulk CSV import with a validation report, donor figures.

`columns` names every exported column and its HXL hashtag (STANDARDS.md §1.5), `export`
streams the CSV files, `importer` reads them back (or an Excel-made sheet), `summary` computes
the coordinators' figures in SQL and `charts` draws them as small SVGs for the dashboard.
"""
