"""Duplicate matching pieces: distance, the query box, text similarity."""

from datetime import UTC, datetime

import pytest

from services.routing.domain.duplicates import (
    bounding_box, haversine_m, jaccard, near, neighbourhood_key, pick_master, similar, text_tokens,
)

pytestmark = pytest.mark.unit


def test_haversine_and_box_contain_the_radius():
    assert haversine_m(38.7205, 35.4826, 38.7205, 35.4826) == 0
    d = haversine_m(38.7205, 35.4826, 38.7210, 35.4832)
    assert 70 < d < 85
    box = bounding_box(38.7205, 35.4826, 150)
    assert box.lat_min < 38.7205 < box.lat_max and box.lon_min < 35.4826 < box.lon_max
    edge = haversine_m(38.7205, 35.4826, box.lat_max, 35.4826)
    assert 149 < edge < 151
    assert near(38.7205, 35.4826, {"lat": 38.7210, "lon": 35.4832}, 150)
    assert not near(38.7205, 35.4826, {"lat": 38.7260, "lon": 35.4826}, 150)
    assert not near(38.7205, 35.4826, {"lat": None, "lon": None}, 150)


def test_text_similarity_on_folded_tokens():
    a = text_tokens("Mevlana mahallesi parktaki çöp konteynerleri günlerdir boşaltılmadı")
    b = text_tokens("MEVLANA MAHALLESI PARKTAKI COP KONTEYNERLERI GUNLERDIR BOSALTILMADI!!")
    assert a == b and jaccard(a, b) == 1.0
    assert similar(a, {"tokens": b}, 0.7)
    c = text_tokens("Mevlana mahallesinde otobüs durağı kırık")
    assert not similar(a, {"tokens": c}, 0.7)
    assert not similar(["su", "yok"], {"tokens": ["su", "yok"]}, 0.7)  # too short to judge
    assert jaccard([], ["a"]) == 0.0


def test_neighbourhood_key_and_master_choice():
    assert neighbourhood_key("Talas", "MEVLANA") == neighbourhood_key("talas", "Mevlana") == "talas|mevlana"
    assert neighbourhood_key("Talas", None) is None
    older = {"_id": "153-2026-000002", "registered_at": datetime(2026, 1, 1, tzinfo=UTC)}
    newer = {"_id": "153-2026-000001", "registered_at": datetime(2026, 1, 2, tzinfo=UTC)}
    assert pick_master([newer, older]) is older and pick_master([]) is None


def test_a_radius_touches_at_most_four_cells_and_finds_its_neighbours():
    from services.routing.domain.duplicates import cell_key, cell_size_deg, cells_around

    size = cell_size_deg(150)
    for lat, lon in [(38.7205, 35.4826), (38.72100, 35.48320), (38.0000001, 35.0000001)]:
        around = cells_around("su-ariza", lat, lon, 150)
        assert 1 <= len(around) <= 4 and all(c.startswith("su-ariza|") for c in around)
        # Any point within 150 m lies in one of the looked-up cells.
        for dlat, dlon in [(0.00134, 0), (-0.00134, 0), (0, 0.0017), (0, -0.0017), (0.0009, 0.0012)]:
            if haversine_m(lat, lon, lat + dlat, lon + dlon) <= 150:
                assert cell_key("su-ariza", lat + dlat, lon + dlon, size) in around


def test_minhash_text_keys_match_near_copies_and_stay_in_the_neighbourhood():
    from services.routing.domain.duplicates import text_keys

    a = text_tokens("Mevlana mahallesi parktaki çöp konteynerleri günlerdir boşaltılmadı")
    b = text_tokens("mevlana mahallesi parktaki cop konteynerleri gunlerdir bosaltilmadi artik")
    keys_a, keys_b = text_keys("talas|mevlana", a), text_keys("talas|mevlana", b)
    assert len(keys_a) == 2 and all(k.startswith("talas|mevlana|") for k in keys_a)
    assert set(keys_a) & set(keys_b)  # J = 6/7: they share a key (deterministic hashes)
    assert not set(keys_a) & set(text_keys("talas|harman", a))
    assert text_keys("talas|mevlana", ["su", "yok"]) == [] and text_keys(None, a) == []
