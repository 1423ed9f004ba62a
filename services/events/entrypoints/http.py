"""The events JSON API: admin management, public registration, door check-in, visits, figures."""

from typing import Annotated
from uuid import uuid4

from fastapi import APIRouter, Header, HTTPException, Query, Request, Response

from services.events.application import events as event_cases
from services.events.application import figures, places
from services.events.application import registrations as reg_cases
from services.events.application.errors import NotFound
from services.events.application.scheduler import finish_cancellations
from services.events.domain.eligibility import Applicant
from services.events.domain.model import CancelReason, EventState
from services.events.domain.timeutil import ts
from services.events.entrypoints.answers import ERRORS
from services.events.entrypoints.deps import Admin, NowDep, PortsDep, Staff, VisitCounter
from services.events.entrypoints.schemas import (
    CapacityChange,
    CheckinIn,
    EventChange,
    EventCreate,
    EventPublic,
    RegistrationCreate,
    RegistrationCreated,
    RegistrationPublic,
    SecretIn,
    SessionCreate,
    SessionPublic,
    StateChange,
    VisitIn,
)

router = APIRouter(prefix="/v1", tags=["events"], responses=ERRORS)
REQUIRED_FIELDS = ("title_tr", "organiser", "venue", "roles")
PUBLIC_STATES = [EventState.PUBLISHED.value, EventState.CLOSED.value, EventState.CANCELLED.value]


@router.post("/events", status_code=201, summary="Create an event (draft) with its sessions")
async def create_event(body: EventCreate, ports: PortsDep, now: NowDep, _: Admin) -> EventPublic:
    fields = body.model_dump(exclude={"sessions"}, mode="python")
    event = await event_cases.create_event(ports, fields, [s.model_dump() for s in body.sessions], now)
    return EventPublic.of(event, await ports.events.sessions_of(event["_id"]))


@router.get("/events", summary="Published events (admins may ask for every state)")
async def list_events(ports: PortsDep, state: Annotated[list[EventState] | None, Query()] = None
                      ) -> list[EventPublic]:
    states = [s.value for s in state if s.value in PUBLIC_STATES] if state else PUBLIC_STATES
    docs = await ports.events.list_events(states)
    return [EventPublic.of(d, await ports.events.sessions_of(d["_id"])) for d in docs]


@router.get("/admin/events", summary="Every event, drafts included")
async def list_all_events(ports: PortsDep, _: Admin) -> list[EventPublic]:
    docs = await ports.events.list_events()
    return [EventPublic.of(d, await ports.events.sessions_of(d["_id"])) for d in docs]


@router.get("/events/{event_id}", summary="One event with its sessions and free seats")
async def get_event(event_id: str, ports: PortsDep) -> EventPublic:
    event, sessions = await event_cases.get_event(ports, event_id)
    if event["state"] == EventState.DRAFT.value:
        raise NotFound("event")
    return EventPublic.of(event, sessions)


@router.patch("/events/{event_id}", summary="Change an event's texts, window or eligibility")
async def change_event(event_id: str, body: EventChange, ports: PortsDep, now: NowDep, _: Admin) -> EventPublic:
    fields = body.model_dump(exclude_unset=True)
    if nulls := [k for k in REQUIRED_FIELDS if k in fields and fields[k] is None]:
        raise HTTPException(422, [{"field": k, "reason": "required", "message": f"{k} cannot be removed"}
                                  for k in nulls])
    event = await event_cases.change_event(ports, event_id, fields, now)
    return EventPublic.of(event, await ports.events.sessions_of(event_id))


@router.post("/events/{event_id}/state", summary="Publish, close or cancel (cancelling cancels every registration)")
async def change_state(event_id: str, body: StateChange, ports: PortsDep, now: NowDep, _: Admin) -> EventPublic:
    event = await event_cases.change_state(ports, event_id, body.state, now)
    if body.state == EventState.CANCELLED:
        await finish_cancellations(ports, now)
        event = await ports.events.get_event(event_id) or event
    return EventPublic.of(event, await ports.events.sessions_of(event_id))


@router.post("/events/{event_id}/sessions", status_code=201, summary="Add a session")
async def add_session(event_id: str, body: SessionCreate, ports: PortsDep, _: Admin) -> SessionPublic:
    return SessionPublic.of(await event_cases.add_session(ports, event_id, body.start, body.end, body.capacity))


@router.patch("/events/{event_id}/sessions/{session_id}", summary="Change a session's capacity")
async def set_capacity(event_id: str, session_id: str, body: CapacityChange, ports: PortsDep, now: NowDep,
                       _: Admin) -> SessionPublic:
    await event_cases.set_capacity(ports, event_id, session_id, body.capacity)
    await places.promote(ports, session_id, now)
    return SessionPublic.of(await ports.events.get_session(session_id))


@router.get("/events/{event_id}/sessions/{session_id}/registrations", summary="Who registered (staff)")
async def session_registrations(event_id: str, session_id: str, ports: PortsDep, now: NowDep, who: Staff
                                ) -> list[dict]:
    await ports.registrations.audit(who.key_id, "list_registrations", session_id, ts(now))
    docs = await ports.registrations.list_for_session(session_id)
    return [{"id": d["_id"], "status": d["status"], "arrival": d["arrival"], "name": d["name"],
             "role": d.get("role"), "company": d.get("company"), "checked_in": bool(d.get("checked_in"))}
            for d in docs if d["event_id"] == event_id]


@router.post("/events/{event_id}/registrations", status_code=201, summary="Register for a session",
             responses={200: {"description": "A retry with the same Idempotency-Key: the registration, new secret"},
                        404: {"description": "No such event or session"},
                        409: {"description": "Duplicate participant, or registration not open"},
                        422: {"description": "Not eligible: each refusal names its field"}})
async def register(event_id: str, body: RegistrationCreate, response: Response, ports: PortsDep, now: NowDep,
                   idempotency_key: Annotated[str | None, Header(max_length=100)] = None) -> RegistrationCreated:
    applicant = Applicant(name=body.name, phone=body.phone, email=body.email, birth_date=body.birth_date,
                          guardian_name=body.guardian_name, guardian_phone=body.guardian_phone,
                          role=body.role.value if body.role else None, company=body.company, openings=body.openings,
                          kvkk_ack=body.consent.kvkk_ack)
    cmd = reg_cases.NewRegistration(event_id, body.session_id, applicant, body.consent.notify_sms,
                                    body.consent.notify_email, idempotency_key)
    done = await reg_cases.register(ports, cmd, now)
    if done.replayed:
        response.status_code = 200
    reg = done.registration
    return RegistrationCreated(id=reg["_id"], secret_code=done.secret, status=reg["status"], position=done.position,
                               checkin_code=reg["checkin_code"] if reg["status"] == "confirmed" else None,
                               event_id=event_id, session_id=reg["session_id"])


@router.get("/registrations/{registration_id}", summary="Status and waitlist position (id + secret code)")
async def get_registration(registration_id: str, code: str, ports: PortsDep) -> RegistrationPublic:
    reg, position = await places.lookup(ports, registration_id, code)
    return RegistrationPublic.of(reg, position)


@router.post("/registrations/{registration_id}/cancel", summary="Cancel a place or leave the waitlist")
async def cancel_registration(registration_id: str, body: SecretIn, ports: PortsDep, now: NowDep
                              ) -> RegistrationPublic:
    await places.lookup(ports, registration_id, body.code)
    return RegistrationPublic.of(await places.cancel(ports, registration_id, None, now), None)


@router.post("/admin/registrations/{registration_id}/cancel", summary="Staff cancel a registration")
async def staff_cancel(registration_id: str, ports: PortsDep, now: NowDep, _: Staff) -> RegistrationPublic:
    doc = await places.cancel(ports, registration_id, CancelReason.STAFF_CANCELLED, now)
    return RegistrationPublic.of(doc, None)


@router.post("/checkins", summary="Check a participant in at the door (each code works once)",
             responses={404: {"description": "Unknown code"}, 409: {"description": "Code used or cancelled"}})
async def check_in(body: CheckinIn, ports: PortsDep, now: NowDep, who: Staff) -> dict:
    doc = await places.check_in(ports, body.code, now)
    await ports.registrations.audit(who.key_id, "check_in", doc["_id"], ts(now))
    return {"registration_id": doc["_id"], "event_id": doc["event_id"], "session_id": doc["session_id"],
            "name": doc["name"], "role": doc.get("role"), "checked_in": True}


@router.post("/visits", status_code=201, summary="Count visitors (desk staff or a door counter)",
             responses={200: {"description": "A repeated Idempotency-Key: recorded before, not counted again"}})
async def post_visit(body: VisitIn, request: Request, response: Response, ports: PortsDep, now: NowDep,
                     who: VisitCounter, idempotency_key: Annotated[str | None, Header(max_length=100)] = None
                     ) -> dict:
    new = await figures.record_visit(ports.registrations, count=body.count, at=body.at or now,
                                     event_id=body.event_id, source=who.key_id, idempotency_key=idempotency_key,
                                     visit_id=str(uuid4()))
    if not new:
        response.status_code = 200
    return {"recorded": new, "count": body.count}


@router.get("/visits", summary="Visitors per day (the last `days` days), per event and since opening")
async def get_visits(request: Request, ports: PortsDep, now: NowDep, _: Staff,
                     days: Annotated[int, Query(ge=1, le=3660)] = 30) -> dict:
    return await figures.visit_figures(ports.registrations, now, request.app.state.visitors_baseline, days)


@router.get("/stats", summary="Visitors today and in total; registrations, check-ins, no-shows per event and type")
async def get_stats(request: Request, ports: PortsDep, now: NowDep, _: Staff) -> dict:
    return await figures.stats(ports.registrations, now, request.app.state.visitors_baseline)
