"""The markers are applied, so `-m postgres`, `-m e2e` and `-m "not slow"` select what they say."""

from __future__ import annotations


def test_tests_on_postgresql_carry_the_postgres_marker(request, database_url):
    marked = request.node.get_closest_marker("postgres") is not None
    assert marked == database_url.startswith("postgresql")
    assert request.node.get_closest_marker("e2e") is None
