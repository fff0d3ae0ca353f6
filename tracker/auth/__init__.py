"""Users, passwords (argon2), bearer tokens, sessions, roles and permissions."""
