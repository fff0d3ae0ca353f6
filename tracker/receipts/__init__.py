"""Delivery receipts: immutable, hashed, verifiable by code."""
