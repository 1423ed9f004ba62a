"""İrtibat notify service."""
