"""Duplicate matching: the same service within ~150 m and 7 days of an open case, or nearly the
same text in the same neighbourhood. Storage has no geo queries on nx-27017 (and uses only
single-field indexes for equality), so each open case carries the key of its grid cell; a new
application looks up the cells its radius touches (at most four) and checks the distance here.
For text, each open case carries two MinHash keys (neighbourhood + the token with the smallest
hash under two seeds): two texts with token Jaccard J share a key with probability 1-(1-J)², so a
lookup touches only likely matches however many cases the neighbourhood has (J=0.7 → 91 %,
J=0.85 → 98 %), and the similarity is then checked exactly."""

import hashlib
import math
from dataclasses import dataclass

from services.routing.domain.turkish import fold, tokens

EARTH_RADIUS_M = 6_371_000.0
# Very short words carry no identity ("ve", "bu", "de"); they would make unrelated texts similar.
MIN_TOKEN_LEN = 3
MIN_TOKENS = 3


@dataclass(frozen=True)
class Box:
    lat_min: float
    lat_max: float
    lon_min: float
    lon_max: float


def bounding_box(lat: float, lon: float, radius_m: float) -> Box:
    dlat = math.degrees(radius_m / EARTH_RADIUS_M)
    dlon = math.degrees(radius_m / (EARTH_RADIUS_M * max(0.01, math.cos(math.radians(lat)))))
    return Box(lat - dlat, lat + dlat, lon - dlon, lon + dlon)


def cell_size_deg(radius_m: float) -> float:
    """Cells at least twice the radius wide (up to 60° latitude), so a radius touches ≤ 4 cells."""
    return 2 * radius_m / (111_320.0 * math.cos(math.radians(60)))


def cell_key(service_code: str, lat: float, lon: float, size: float) -> str:
    return f"{service_code}|{math.floor(lat / size)}|{math.floor(lon / size)}"


def cells_around(service_code: str, lat: float, lon: float, radius_m: float) -> list[str]:
    size = cell_size_deg(radius_m)
    box = bounding_box(lat, lon, radius_m)
    return sorted({cell_key(service_code, la, lo, size) for la in (box.lat_min, box.lat_max)
                   for lo in (box.lon_min, box.lon_max)})


def haversine_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(math.sqrt(min(1.0, a)))


def text_tokens(text: str) -> list[str]:
    return sorted({t for t in tokens(text or "") if len(t) >= MIN_TOKEN_LEN})


def jaccard(a: set[str] | list[str], b: set[str] | list[str]) -> float:
    sa, sb = set(a), set(b)
    if not sa or not sb:
        return 0.0
    return len(sa & sb) / len(sa | sb)


TEXT_SEEDS = (b"t1", b"t2")


def _min_token(tokens: list[str], seed: bytes) -> str:
    return min(tokens, key=lambda t: hashlib.blake2b(t.encode(), digest_size=8, key=seed).digest())


def text_keys(neighbourhood: str | None, tokens: list[str]) -> list[str]:
    """The MinHash lookup keys of a text in its neighbourhood; none if it is too short to judge."""
    if not neighbourhood or len(tokens) < MIN_TOKENS:
        return []
    return [f"{neighbourhood}|{_min_token(tokens, seed)}" for seed in TEXT_SEEDS]


def neighbourhood_key(district: str | None, neighbourhood: str | None) -> str | None:
    """Where 'the same neighbourhood' is decided; None when the application does not say."""
    if not neighbourhood:
        return None
    return f"{fold(district or '')}|{fold(neighbourhood)}"


def near(lat: float, lon: float, candidate: dict, radius_m: float) -> bool:
    clat, clon = candidate.get("lat"), candidate.get("lon")
    if clat is None or clon is None:
        return False
    return haversine_m(lat, lon, clat, clon) <= radius_m


def similar(token_list: list[str], candidate: dict, threshold: float) -> bool:
    theirs = candidate.get("tokens") or []
    if len(token_list) < MIN_TOKENS or len(theirs) < MIN_TOKENS:
        return False
    return jaccard(token_list, theirs) >= threshold


def pick_master(candidates: list[dict]) -> dict | None:
    """The oldest open case wins, so every report of one problem links to the same master."""
    if not candidates:
        return None
    return min(candidates, key=lambda c: (c["registered_at"], c["_id"]))
