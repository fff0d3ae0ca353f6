"""tracker: humanitarian aid logistics for Ukrainian communities and their partner cities."""

__version__ = "0.1.0"
