"""One module per department: sentence templates by kind (see synth/grammar.py for the syntax)."""

from importlib import import_module

MODULES = [
    "fen_isleri", "kaski", "cevre", "park_bahce", "ulasim", "zabita", "veteriner", "itfaiye",
    "sosyal_hizmetler", "imar", "kultur", "spor", "halkla_iliskiler",
]


def load_all() -> dict:
    return {module.CODE: module for module in (import_module(f"{__name__}.{name}") for name in MODULES)}
