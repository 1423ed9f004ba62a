"""İrtibat routing service."""
