"""Backups: one archive with the database's rows and the data folder's files (see service.py)."""
