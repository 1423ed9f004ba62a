"""Types for times in HTTP bodies. Pydantic's lax mode reads a number as seconds since 1970, so
`"at": 0` became 1 January 1970; times must arrive as ISO 8601 text (found by schemathesis'
negative_data_rejection check)."""

from datetime import date, datetime
from typing import Annotated, Any

from pydantic import BeforeValidator, Strict


def _text_or_time(value: Any) -> Any:
    if value is None or isinstance(value, (str, date, datetime)):
        return value
    raise ValueError("must be an ISO 8601 date or time written as text")


TextDatetime = Annotated[datetime, BeforeValidator(_text_or_time)]
TextDate = Annotated[date, BeforeValidator(_text_or_time)]

# JSON already has real booleans and numbers: `"active": 0`, `"capacity": "5"` or `"lat": "38.7"`
# are mistakes to refuse, not to coerce.
Flag = Annotated[bool, Strict()]
Whole = Annotated[int, Strict()]
Number = Annotated[float, Strict()]
