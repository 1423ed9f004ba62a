"""Builds intake's use cases from the runtime and its stores; entry points get them from here."""

from dataclasses import dataclass

from services.intake.adapters import applications, stores
from services.intake.application.catalogue import DEFAULT_SEED, Catalogue, load_seed
from services.intake.application.keys import KeyAdmin
from services.intake.application.queries import Queries
from services.intake.application.status import ApplyCaseEvent
from services.intake.application.submit import SubmitApplication, TrackingNumbers
from services.intake.settings import IntakeSettings
from shared.mongo import Index
from shared.ratelimit import RateLimiter
from shared.service import ServiceRuntime


@dataclass
class Intake:
    settings: IntakeSettings
    runtime: ServiceRuntime
    submit: SubmitApplication
    catalogue: Catalogue
    keys: KeyAdmin
    case_events: ApplyCaseEvent
    queries: Queries
    track_per_client: RateLimiter
    track_per_number: RateLimiter
    erasure_reports: stores.MongoErasureReports


def indexes() -> list[Index]:
    return [*applications.indexes(), *stores.indexes()]


def build(runtime: ServiceRuntime, settings: IntakeSettings) -> Intake:
    db = runtime.db
    application_relay = runtime.add_relay(applications.COLLECTION)
    catalogue_relay = runtime.add_relay(stores.CATALOGUE)
    key_relay = runtime.add_relay(stores.KEYS_COLLECTION)
    store = applications.MongoApplications(db)
    seed_path = settings.catalogue_file or DEFAULT_SEED
    catalogue = Catalogue(stores.MongoCatalogue(db), catalogue_relay, seed=lambda: load_seed(seed_path),
                          cache_s=settings.catalogue_cache_s, producer=runtime.name)
    numbers = TrackingNumbers(stores.MongoCounters(db), settings.tracking_prefix, settings.tracking_block)
    return Intake(
        settings=settings,
        runtime=runtime,
        submit=SubmitApplication(store, numbers, catalogue, application_relay, producer=runtime.name),
        catalogue=catalogue,
        keys=KeyAdmin(stores.MongoKeys(db), key_relay, runtime.keys, producer=runtime.name),
        case_events=ApplyCaseEvent(store),
        queries=Queries(store, catalogue, stores.MongoAudit(db)),
        track_per_client=RateLimiter(per_minute=settings.track_per_client_per_minute),
        track_per_number=RateLimiter(per_minute=settings.track_per_number_per_minute),
        erasure_reports=stores.MongoErasureReports(db),
    )
