"""Partner pledges: what a partner city offers, from where, from when."""
