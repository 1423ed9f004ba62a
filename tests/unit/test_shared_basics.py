import ast
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from shared import pii
from shared.auth import DEV_KEY_HASHES, dev_keys, hash_key
from shared.messaging import PermanentError, is_permanent, retry_delay_ms
from shared.pii import mask_email, mask_phone, redact
from shared.ratelimit import RateLimiter
from shared.settings import CommonSettings

pytestmark = pytest.mark.unit
ROOT = Path(__file__).resolve().parents[2]
SERVICES = ["intake", "routing", "notify", "events"]


def test_services_never_import_each_other():
    for svc in SERVICES:
        for path in (ROOT / "services" / svc).rglob("*.py"):
            tree = ast.parse(path.read_text(), str(path))
            for node in ast.walk(tree):
                names = []
                if isinstance(node, ast.Import):
                    names = [a.name for a in node.names]
                elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                    names = [node.module]
                for name in names:
                    if name.startswith("services."):
                        assert name.split(".")[1] == svc, f"{path} imports {name}"


def test_shared_never_imports_a_service():
    for path in (ROOT / "shared").rglob("*.py"):
        assert "from services" not in path.read_text() and "import services" not in path.read_text(), path


def test_production_refuses_placeholder_secret_and_guest_account(monkeypatch):
    with pytest.raises(ValueError, match="IRTIBAT_SECRET"):
        CommonSettings(irtibat_env="production")
    with pytest.raises(ValueError, match="guest"):
        CommonSettings(irtibat_env="production", irtibat_secret="a-real-long-secret-value")
    ok = CommonSettings(irtibat_env="production", irtibat_secret="a-real-long-secret-value",
                        rabbit_url="amqp://intake:pw@rabbit:5672/")
    assert not ok.is_local


def test_settings_come_from_environment(monkeypatch):
    monkeypatch.setenv("RABBIT_URL", "amqp://u:p@h:5672/v")
    monkeypatch.setenv("MONGO_URL", "mongodb://m:27017")
    monkeypatch.setenv("MONGO_DATABASE", "")  # empty means unset
    s = CommonSettings()
    assert (s.rabbit_url, s.mongo_url, s.mongo_database) == ("amqp://u:p@h:5672/v", "mongodb://m:27017", None)


def test_dev_keys_cover_every_channel_department_staff_and_admin():
    ids = {p.key_id for _, p in dev_keys()}
    assert {"dev-phone", "dev-walk_in", "dev-open311", "dev-dept-kaski", "dev-dept-triage", "dev-staff",
            "dev-admin"} <= ids
    assert hash_key("dev-admin") in DEV_KEY_HASHES and len(hash_key("x")) == 64


def test_retry_delay_grows_and_is_capped():
    assert [retry_delay_ms(a, 500, 4000) for a in (1, 2, 3, 4, 5)] == [500, 1000, 2000, 4000, 4000]


def test_poison_is_permanent_and_other_failures_are_not():
    import json

    from pydantic import BaseModel, ValidationError

    class M(BaseModel):
        a: int

    with pytest.raises(ValidationError) as info:
        M(a="x")
    assert is_permanent(info.value) and is_permanent(PermanentError("bad"))
    assert is_permanent(json.JSONDecodeError("x", "doc", 0))
    assert not is_permanent(TimeoutError()) and not is_permanent(RuntimeError())


@pytest.mark.parametrize("text", [
    "beni 0532 123 45 67 den arayın", "tel: +90 532 123 4567", "5321234567 numaram",
    "numaram 0 (532) 123-45-67", "sabit hat 0352 222 33 44",
])
def test_redact_masks_phone_numbers(text):
    assert "[telefon gizlendi]" in redact(text)
    assert not re.search(r"\d{3}[\s-]?\d{2}[\s-]?\d{2}", redact(text))


def test_redact_masks_email_and_valid_national_id_only():
    assert redact("yazın: ali.veli@example.com") == "yazın: [e-posta gizlendi]"
    assert redact("TC 10000000146 ile") == "TC [TC kimlik no gizlendi] ile"
    assert redact("sayaç no 12345678901") == "sayaç no 12345678901"  # not a valid TCKN
    assert redact("3 gündür çöp alınmadı") == "3 gündür çöp alınmadı"


_SEPARATED_DIGITS = st.lists(st.tuples(st.sampled_from(["", " ", "-", ".", ") ", " (", "(", "+", "x"]),
                                        st.integers(0, 9999).map(str)), max_size=6).map(
    lambda parts: "".join(sep + digits for sep, digits in parts))


@given(st.one_of(st.text(alphabet="0123455555 .-()+@abx\n", max_size=40), _SEPARATED_DIGITS))
@settings(max_examples=3000, deadline=None)
def test_redact_passes_text_at_once_only_when_the_full_masking_would_change_nothing(text):
    assert redact(text) == (text and pii._mask_all(text))


def test_masks_keep_only_hints():
    assert mask_phone("+905321234567") == "+90532*****67"
    assert mask_email("ali@example.com") == "a***@example.com"


def test_rate_limiter_refuses_past_the_burst_and_says_how_long_to_wait():
    limiter = RateLimiter(per_minute=60, burst=2)
    assert limiter.hit("k") == 0 and limiter.hit("k") == 0
    wait = limiter.hit("k")
    assert 0 < wait <= 1.0
    assert limiter.hit("other") == 0
