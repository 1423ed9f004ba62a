"""Wires intake's KVKK side (export, erasure across services, retention) into the app."""

from fastapi import FastAPI

from services.intake.adapters.privacy import ERASURES, MongoPrivacy, indexes
from services.intake.adapters.stores import MongoAudit
from services.intake.application.erasure import CitizenData
from services.intake.application.retention import Retention
from services.intake.entrypoints import privacy
from services.intake.settings import IntakeSettings
from shared.service import ServiceRuntime


def install(app: FastAPI, runtime: ServiceRuntime, settings: IntakeSettings) -> None:
    runtime.indexes.extend(indexes())
    store = MongoPrivacy(runtime.db)
    app.state.citizen_data = CitizenData(store, MongoAudit(runtime.db), runtime.add_relay(ERASURES),
                                         settings.irtibat_secret, producer=runtime.name)
    app.state.retention = Retention(store, settings.retention_days, settings.retention_interval_s)
    if settings.retention_interval_s > 0:
        runtime.on_start.append(app.state.retention.start)
        runtime.on_stop.append(app.state.retention.stop)
    app.include_router(privacy.router)
