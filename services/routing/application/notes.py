"""What the citizen reads in public notes: Turkish first, English too."""

URGENT = ("ACİL: Can veya mal güvenliği tehlikedeyse hemen 112'yi arayın. Başvurunuz ilgili birime ve "
          "nöbetçi amire iletildi. / URGENT: if life or property is in danger, call 112 now. Your "
          "application was sent to the department and the duty supervisor.")


def duplicate(master_no: str) -> str:
    return (f"Bu sorun daha önce {master_no} numaralı başvuruyla bildirildi; başvurunuz ona bağlandı ve "
            f"çözüldüğünde size haber vereceğiz. / This problem was already reported as {master_no}; your "
            f"application was linked to it and you will hear when it is resolved.")


def master_closed(master_no: str, status: str, note: str | None) -> str:
    tr = "çözüldü" if status == "resolved" else "sonuçlandırıldı"
    en = "was resolved" if status == "resolved" else "was closed"
    base = f"Bağlı olduğunuz {master_no} numaralı başvuru {tr}. / The application {master_no} yours is linked to {en}."
    return f"{base} {note}" if note else base
