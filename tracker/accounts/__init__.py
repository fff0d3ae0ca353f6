"""Accounts on the web: invitations, password resets, the admin pages and "my account"."""
