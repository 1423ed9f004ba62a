"""İrtibat events service."""
