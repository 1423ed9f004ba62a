"""Emergency detection: gas smell, fire, collapsing building, person in danger (baseline)."""

import re

from services.routing.domain.turkish import fold

_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("gas", re.compile(r"\b(dogal ?gaz|gaz)\w* (kok|sizinti|kacag)\w*|\bgaz kac\w*|\bgaz kok\w*")),
    ("fire", re.compile(r"\b(yangin var|yaniyor|alev\w* (cikiyor|aliyor|yukseliyor))")),
    ("collapse", re.compile(r"\b(bina|duvar|ev|cati)\w* (cok(u|uyor|tu|mek)|yikil(iyor|di|mak))")),
    ("person_in_danger", re.compile(r"\b(mahsur kal\w*|bogul\w*|nefes alam\w*|intihar)")),
]


def detect_emergency(text: str) -> str | None:
    folded = fold(text)
    for name, pattern in _PATTERNS:
        if pattern.search(folded):
            return name
    return None
