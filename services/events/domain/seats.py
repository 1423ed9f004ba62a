"""Seats and the waitlist: the rules the atomic session-document updates implement.

A session document holds counters: `arrivals` (every registration attempt that reached the
session gets the next number), `confirmed` (seats taken) and `waiting` (people on the waitlist).
A newcomer takes a seat only while a seat is free AND nobody is waiting, so nobody overtakes the
waitlist; otherwise they join it with their arrival number as their place in the order. A freed
seat goes to the waiting registration with the smallest arrival number.
"""

from collections.abc import Iterable

# Filter (beyond the session id) under which a newcomer may take a seat.
SEAT_FOR_NEWCOMER = {"$expr": {"$lt": ["$confirmed", "$capacity"]}, "waiting": 0}
# Filter under which a freed seat may go to the first person waiting.
SEAT_FOR_WAITING = {"$expr": {"$lt": ["$confirmed", "$capacity"]}, "waiting": {"$gt": 0}}


def waitlist_position(arrival: int, waiting_arrivals: Iterable[int]) -> int:
    """1-based place on the waitlist: how many still waiting arrived before, plus one."""
    return 1 + sum(1 for other in waiting_arrivals if other < arrival)


def is_no_show(status: str, checked_in: int | bool, session_end_ts: float, now_ts: float) -> bool:
    return status == "confirmed" and not checked_in and session_end_ts < now_ts


def reminder_due(session_start_ts: float, now_ts: float, lead_s: float) -> bool:
    """Due from `lead_s` before the session until it starts."""
    return session_start_ts - lead_s <= now_ts < session_start_ts
