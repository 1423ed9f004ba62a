"""SMS segments with the GSM-7 default alphabet, the Turkish shift tables and UCS-2; shortening."""

import pytest

from services.notify.domain.sms import fit_segments, measure, shorten

pytestmark = pytest.mark.unit


def test_plain_gsm7_holds_160_in_one_segment_and_153_per_part_after():
    assert measure("a" * 160) .segments == 1
    assert measure("a" * 161).segments == 2
    assert measure("a" * 306).segments == 2
    assert measure("a" * 307).segments == 3
    assert measure("a" * 160).encoding == "gsm7"


def test_extension_characters_cost_two_septets():
    m = measure("[" * 80)
    assert (m.encoding, m.units, m.segments) == ("gsm7", 160, 1)
    assert measure("[" * 81).segments == 2
    # The euro sign is in the Turkish locking shift table: one septet there.
    assert measure("€" * 81).encoding == "gsm7-tr-locking"


def test_turkish_letters_use_the_national_tables_instead_of_ucs2():
    text = "Başvurunuz çözüldü. Işıklandırma arızası giderildi, teşekkür ederiz."
    m = measure(text)
    assert m.encoding.startswith("gsm7-tr")
    assert m.segments == 1
    without = measure(text, national_shift=False)
    assert without.encoding == "ucs2"
    # A one-segment Turkish SMS that would cost three as UCS-2.
    long_tr = "ığüşöçİĞÜŞÖÇ " * 11
    assert measure(long_tr).segments == 1
    assert measure(long_tr, national_shift=False).segments == 3


def test_locking_shift_leaves_room_for_its_header():
    # 155 septets fit one part with one shift table (4 octets of header), 156 do not.
    assert measure("ş" + "a" * 152).units == 154  # single shift: ş costs 2
    assert measure("ı" * 155).segments == 1
    assert measure("ı" * 156).segments == 2


def test_anything_outside_the_tables_falls_back_to_ucs2():
    assert measure("Merhaba 😀").encoding == "ucs2"
    assert measure("я" * 70).segments == 1
    assert measure("я" * 71).segments == 2
    assert measure("😀" * 35).units == 70  # surrogate pairs count twice


def test_shorten_cuts_at_a_word_boundary_and_marks_it():
    text = "Kaldırım taşları yenilendi ve çevre düzenlemesi tamamlandı"
    short = shorten(text, lambda t: len(t) <= 30)
    assert short == "Kaldırım taşları yenilendi..."
    assert text.startswith(short[:-3])
    assert shorten("kısa", lambda t: len(t) <= 30) == "kısa"


def test_shorten_never_returns_half_a_word():
    short = shorten("Uzunkelimelerdenoluşanbirmetin devam", lambda t: len(t) <= 10)
    assert short in ("...", "")


def test_fit_segments_keeps_the_start_and_fits():
    text = "153-2026-000123: " + "Yol çalışması tamamlandı. " * 40
    fitted = fit_segments(text, 2)
    assert measure(fitted).segments <= 2
    assert fitted.startswith("153-2026-000123:") and fitted.endswith("...")
    assert fitted[:-3].endswith("tamamlandı.") or fitted[:-3].split()[-1] in text.split()
