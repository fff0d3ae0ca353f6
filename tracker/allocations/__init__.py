"""Allocations: part or all of a pledge tied to a request by a coordinator."""
