"""Every message type of DESIGN.md (Contracts): its version, payload model, exchange and producer."""

from dataclasses import dataclass

from shared import topology
from shared.contracts import events, intake, notify, routing
from shared.contracts.common import Contract


@dataclass(frozen=True)
class MessageType:
    name: str
    version: int
    model: type[Contract]
    exchange: str
    producer: str

    @property
    def schema(self) -> str:
        return f"{self.name}/{self.version}"


def _t(name: str, model: type[Contract], exchange: str, producer: str, version: int = 1) -> MessageType:
    return MessageType(name, version, model, exchange, producer)


_ALL = [
    _t("request.registered", intake.RequestRegistered, topology.EVENTS, "intake"),
    _t("catalogue.changed", intake.CatalogueChanged, topology.EVENTS, "intake"),
    _t("apikey.changed", intake.ApiKeyChanged, topology.EVENTS, "intake"),
    _t("citizen.erasure_requested", intake.CitizenErasureRequested, topology.EVENTS, "intake"),
    _t("citizen.erasure_completed", intake.CitizenErasureCompleted, topology.EVENTS, "any"),
    _t("intake.submit", intake.SubmitRequest, topology.COMMANDS, "channel"),
    _t("case.routed", routing.CaseRouted, topology.EVENTS, "routing"),
    _t("case.status_changed", routing.CaseStatusChanged, topology.EVENTS, "routing"),
    _t("case.escalated", routing.CaseEscalated, topology.EVENTS, "routing"),
    _t("case.work_item", routing.CaseWorkItem, topology.DEPARTMENTS, "routing"),
    _t("case.update", routing.UpdateCase, topology.COMMANDS, "department"),
    _t("notification.sent", notify.NotificationSent, topology.EVENTS, "notify"),
    _t("notification.failed", notify.NotificationFailed, topology.EVENTS, "notify"),
    _t("event.registration.confirmed", events.RegistrationConfirmed, topology.EVENTS, "events"),
    _t("event.registration.waitlisted", events.RegistrationWaitlisted, topology.EVENTS, "events"),
    _t("event.registration.promoted", events.RegistrationPromoted, topology.EVENTS, "events"),
    _t("event.registration.cancelled", events.RegistrationCancelled, topology.EVENTS, "events"),
    _t("event.reminder.due", events.ReminderDue, topology.EVENTS, "events"),
]

MESSAGE_TYPES: dict[str, MessageType] = {t.name: t for t in _ALL}


def message_type(name: str) -> MessageType:
    try:
        return MESSAGE_TYPES[name]
    except KeyError:
        raise KeyError(f"unknown message type {name!r}; add it to shared/contracts/registry.py") from None


def message_type_for(model: type[Contract]) -> MessageType:
    for t in _ALL:
        if t.model is model:
            return t
    raise KeyError(f"{model.__name__} is not a registered message payload")
