"""Message contracts: the envelope, the registry of message types, payloads per producer."""

from shared.contracts.envelope import OutgoingMessage, envelope
from shared.contracts.registry import MESSAGE_TYPES, MessageType, message_type, message_type_for

__all__ = ["MESSAGE_TYPES", "MessageType", "OutgoingMessage", "envelope", "message_type", "message_type_for"]
