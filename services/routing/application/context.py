"""Everything the entrypoints need, built once by main.create_app."""

from dataclasses import dataclass

from services.routing.adapters.classifier import ClassifierProvider
from services.routing.adapters.config import MongoConfig
from services.routing.adapters.mongo import MongoAudit
from services.routing.application.changes import CaseUpdater
from services.routing.application.erasure import Eraser
from services.routing.application.escalation import Escalator
from services.routing.application.opening import RequestRouter
from services.routing.application.ports import CaseStore


@dataclass
class RoutingContext:
    cases: CaseStore
    config: MongoConfig
    router: RequestRouter
    updater: CaseUpdater
    escalator: Escalator
    classifier: ClassifierProvider
    eraser: Eraser
    audit: MongoAudit
