"""Notifications: who hears what, in the app, by e-mail and by webhook (through one outbox)."""
