"""Organizations (communities, partners, coordinators) and the partnerships between them."""
