"""fold: Turkish-aware lower-casing, then the letters' marks dropped, for matching and classifying."""

import pytest

from services.routing.domain.turkish import fold, tokens

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(("text", "folded"), [
    ("ÇÖP ALINMADI!!!", "cop alinmadi"),                       # Turkish capitals: I → ı → i, İ → i
    ("İSTİKLAL Caddesi, IŞIKLAR yanmıyor", "istiklal caddesi isiklar yanmiyor"),
    ("cop alinmadi", "cop alinmadi"),                         # typed without Turkish letters already
    ("Lütfeeeen yardım edin", "lutfeen yardim edin"),         # shouting is not a new word
    ("Kafé önünde naïve bir hâl", "kafe onunde naive bir hal"),  # marks outside Turkish still dropped
    ("I\u0307stanbul", "istanbul"),                           # I + combining dot above, decomposed
    ("   ", ""),
])
def test_fold(text, folded):
    assert fold(text) == folded


def test_tokens_split_the_folded_text():
    assert tokens("Su  kesintisi—KASKİ'ye") == ["su", "kesintisi", "kaski", "ye"]
