"""The map: requests, pledges and shipments as points (one query for the page and the API)."""
