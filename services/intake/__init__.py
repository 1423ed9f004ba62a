"""İrtibat intake service."""
