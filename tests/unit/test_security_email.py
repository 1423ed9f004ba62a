"""Header injection through notify's e-mail provider: a recipient with CR/LF is refused for good,
and CR/LF in a subject (an event title an admin typed) never adds or breaks a header."""

import pytest

from services.notify.adapters import providers
from services.notify.adapters.providers import SmtpEmail
from services.notify.application.ports import Delivery, PermanentDeliveryError

pytestmark = pytest.mark.unit


@pytest.fixture
def sent(monkeypatch):
    messages = []

    async def fake_send(message, **_kwargs):
        messages.append(message)

    monkeypatch.setattr(providers.aiosmtplib, "send", fake_send)
    return messages


def smtp() -> SmtpEmail:
    return SmtpEmail(host="127.0.0.1", port=1, sender="Alo 153 <noreply@kayseri.bel.tr>")


@pytest.mark.parametrize("to", ["ayse@example.com\r\nBcc: all@example.com", "ayse@example.com\nBcc: x@example.com",
                                "ayse@example.com%0d%0aBcc:x@example.com", "Ayşe <ayse@example.com>, b@example.com"])
async def test_a_recipient_with_injected_headers_is_refused_for_good(sent, to):
    with pytest.raises(PermanentDeliveryError):
        await smtp().send(Delivery("n-1", "email", to, "Merhaba", "Konu"))
    assert sent == []


@pytest.mark.parametrize("subject", ["Kaydınız onaylandı — Gün\r\nBcc: all@example.com",
                                     "Kaydınız onaylandı — Gün\rBcc: all@example.com", "Başlık\n\nGövde"])
async def test_cr_lf_in_a_subject_never_makes_a_header(sent, subject):
    await smtp().send(Delivery("n-2", "email", "ayse@example.com", "Merhaba", subject))
    [message] = sent
    assert message["Bcc"] is None and set(message.keys()) == {"From", "To", "Subject", "Date", "Message-ID",
                                                              "Content-Type", "Content-Transfer-Encoding",
                                                              "MIME-Version"}
    assert "\r" not in message["Subject"] and "\n" not in message["Subject"]
    assert message["To"] == "ayse@example.com"
