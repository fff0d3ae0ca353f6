"""Shipments: lines, events, the state machine and waybills."""
