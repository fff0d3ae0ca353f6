"""Community requests: what a hromada needs, how much, by when and where."""
