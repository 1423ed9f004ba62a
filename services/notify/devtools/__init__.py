"""Local stand-ins for notify's providers: real protocols, everything kept on disk."""
