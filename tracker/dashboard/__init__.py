"""The start page of each role and the read-only queries behind it."""
