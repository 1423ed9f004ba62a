"""A tiny template language: `{a|b|c}` picks one, `[x]` is optional, `$SLOT` fills a slot."""

import random
import re

from services.routing.classifier.synth import places

_SLOT = re.compile(r"\$([A-Z_]+)")


def _split_top(body: str) -> list[str]:
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(body):
        if ch in "{[":
            depth += 1
        elif ch in "}]":
            depth -= 1
        elif ch == "|" and depth == 0:
            parts.append(body[start:i])
            start = i + 1
    parts.append(body[start:])
    return parts


def _matching(text: str, start: int) -> int:
    opening, closing = text[start], "}" if text[start] == "{" else "]"
    depth = 0
    for i in range(start, len(text)):
        if text[i] in "{[":
            depth += 1
        elif text[i] in "}]":
            depth -= 1
            if depth == 0:
                if text[i] != closing:
                    raise ValueError(f"unbalanced {opening!r} in {text!r}")
                return i
    raise ValueError(f"unbalanced {opening!r} in {text!r}")


def _choose(text: str, rng: random.Random) -> str:
    out, i = [], 0
    while i < len(text):
        ch = text[i]
        if ch in "{[":
            end = _matching(text, i)
            body = text[i + 1 : end]
            if ch == "{":
                out.append(_choose(rng.choice(_split_top(body)), rng))
            elif rng.random() < 0.5:
                out.append(_choose(body, rng))
            i = end + 1
        else:
            out.append(ch)
            i += 1
    return "".join(out)


def expand(template: str, rng: random.Random) -> str:
    text = _choose(template, rng)
    text = _SLOT.sub(lambda m: places.slot(m.group(1), rng), text)
    text = re.sub(r"\s+", " ", text)
    text = re.sub(r"\s+([,.?!])", r"\1", text)
    return text.strip()
