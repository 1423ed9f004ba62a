"""Routing rules the municipality configures: keywords and district overrides.

A rule matches when every condition it sets holds: any of its keywords appears in the text (a
keyword matches at the start of a word, after Turkish folding, so "çöp" matches "COPLER"), the
district, the service code and the kind. A rule that names a service code overrides that code's
catalogue department (a district override); rules without one apply when the service code did
not decide. Lower `priority` wins; ties go to the older rule id.
"""

import re
from dataclasses import dataclass, field

from services.routing.domain.turkish import fold


@dataclass(frozen=True)
class Rule:
    rule_id: str
    department: str
    keywords: tuple[str, ...] = ()
    district: str | None = None
    service_code: str | None = None
    kind: str | None = None
    priority: int = 100
    active: bool = True
    description: str = ""
    _patterns: tuple[re.Pattern[str], ...] = field(default=(), compare=False, repr=False)

    def __post_init__(self) -> None:
        folded = [fold(k) for k in self.keywords]
        object.__setattr__(self, "_patterns", tuple(re.compile(rf"(?<!\w){re.escape(k)}") for k in folded if k))

    @property
    def is_override(self) -> bool:
        return self.service_code is not None

    def matched_keyword(self, folded_text: str) -> str | None:
        for keyword, pattern in zip(self.keywords, self._patterns):
            if pattern.search(folded_text):
                return keyword
        return None

    def matches(self, folded_text: str, district: str | None, service_code: str | None, kind: str | None) -> bool:
        if not self.active:
            return False
        if self.district and fold(self.district) != fold(district or ""):
            return False
        if self.service_code and self.service_code != service_code:
            return False
        if self.kind and self.kind != kind:
            return False
        if self.keywords and self.matched_keyword(folded_text) is None:
            return False
        return bool(self.keywords or self.district or self.service_code or self.kind)


def ordered(rules: list[Rule]) -> list[Rule]:
    return sorted(rules, key=lambda r: (r.priority, r.rule_id))


def first_match(rules: list[Rule], text: str, district: str | None, service_code: str | None,
                kind: str | None, *, overrides: bool) -> Rule | None:
    folded = fold(text)
    for rule in ordered(rules):
        if rule.is_override == overrides and rule.matches(folded, district, service_code, kind):
            return rule
    return None


def explain(rule: Rule, text: str) -> str:
    parts = [f"rule {rule.rule_id}"]
    keyword = rule.matched_keyword(fold(text)) if rule.keywords else None
    if keyword:
        parts.append(f"keyword {keyword!r}")
    if rule.district:
        parts.append(f"district {rule.district}")
    if rule.service_code:
        parts.append(f"service {rule.service_code}")
    return ", ".join(parts)
