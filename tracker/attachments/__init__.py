"""Attachments (photos and scans on requests, shipments and receipts) and comment threads."""
