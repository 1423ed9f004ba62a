"""A notification's identity: the same source message, recipient and channel is the same notification."""

import hashlib


def notification_id(source_message_id: str, recipient: str, channel: str) -> str:
    digest = hashlib.sha256(f"{source_message_id}\x1f{recipient}\x1f{channel}".encode()).hexdigest()
    return f"n-{digest[:32]}"
