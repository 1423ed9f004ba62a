"""Use case: follow routing's case messages into the status and timeline the citizen sees."""

from services.intake.application.ports import ApplicationStore
from services.intake.domain.timeline import case_update, timeline_key
from shared.contracts.common import CaseMessage


class UnknownApplication(Exception):
    """A case message for a tracking number intake does not (yet) hold."""


class ApplyCaseEvent:
    def __init__(self, store: ApplicationStore):
        self.store = store

    async def __call__(self, event: str, message: CaseMessage) -> str:
        """'applied' when the view now shows this version (newer than what was held, or a redelivery of
        what is held); 'older' when only its timeline entry was kept."""
        fields, entry = case_update(event, message.model_dump())
        if await self.store.apply_if_newer(message.tracking_no, message.case_version, fields):
            return "applied"
        if not await self.store.exists(message.tracking_no):
            raise UnknownApplication(message.tracking_no)
        # Reordered delivery: the status stays with the newest message, the history stays complete.
        await self.store.add_timeline_entry(message.tracking_no, timeline_key(message.case_version), entry)
        return "older"
