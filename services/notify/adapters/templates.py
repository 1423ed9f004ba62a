"""Jinja2 templates a non-programmer can edit: `<message>.<channel>.<lang>.j2`, Turkish first.

An e-mail template's first line is the subject, the rest the body; an e-mail carries the Turkish
text first and the English one under it. An SMS is written in one language (the citizen's,
Turkish by default) and shortened to the allowed number of segments at a word boundary.
"""

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from jinja2 import Environment, FileSystemLoader, StrictUndefined, TemplateNotFound, Undefined

from services.notify.domain.departments import department_name
from services.notify.domain.sms import fit_segments, measure, shorten

DEFAULT_DIR = Path(__file__).resolve().parents[1] / "templates"
LANGS = ("tr", "en")
# Free text a template may carry; shortened first when an SMS is too long.
SHORTENABLE = ("note", "title", "venue")
EN_SEPARATOR = "\n\n— English —\n\n"


@dataclass(frozen=True)
class Rendered:
    subject: str | None
    body: str
    encoding: str | None = None
    segments: int | None = None


class Templates:
    def __init__(self, directory: str | Path | None = None, *, zone: str = "Europe/Istanbul",
                 strict: bool = False, sms_max_segments: int = 3, national_shift: bool = True):
        self.zone = ZoneInfo(zone)
        self.env = Environment(loader=FileSystemLoader(str(directory or DEFAULT_DIR)), autoescape=False,
                               trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=False,
                               undefined=StrictUndefined if strict else Undefined)
        self.env.filters["local_time"] = self._local_time
        self.sms_max_segments = sms_max_segments
        self.national_shift = national_shift

    def _local_time(self, value: Any) -> str:
        if isinstance(value, str):
            value = datetime.fromisoformat(value)
        if not isinstance(value, datetime):
            return "" if value is None else str(value)
        return value.astimezone(self.zone).strftime("%d.%m.%Y %H:%M")

    def _localise(self, context: dict[str, Any], lang: str) -> dict[str, Any]:
        ctx = dict(context)
        if ctx.get("department"):
            ctx["department_name"] = department_name(ctx["department"], lang)
        if "title_tr" in ctx:
            ctx["title"] = (ctx.get("title_en") if lang == "en" else None) or ctx["title_tr"]
        return ctx

    def _render(self, name: str, ctx: dict[str, Any]) -> str:
        return self.env.get_template(name).render(**ctx).strip()

    def _fits(self, text: str) -> bool:
        return measure(text, national_shift=self.national_shift).segments <= self.sms_max_segments

    def sms(self, template: str, lang: str, context: dict[str, Any]) -> Rendered:
        lang = lang if lang in LANGS else "tr"
        name = f"{template}.sms.{lang}.j2"
        ctx = self._localise(context, lang)
        text = self._render(name, ctx)
        for key in SHORTENABLE:
            if self._fits(text):
                break
            if not ctx.get(key):
                continue
            ctx[key] = shorten(str(ctx[key]), lambda v, k=key: self._fits(self._render(name, {**ctx, k: v})))
            text = self._render(name, ctx)
        text = fit_segments(text, self.sms_max_segments, national_shift=self.national_shift)
        m = measure(text, national_shift=self.national_shift)
        return Rendered(None, text, m.encoding, m.segments)

    def email(self, template: str, context: dict[str, Any], lang: str = "tr") -> Rendered:
        """Turkish first, English under it (English first only if that is all there is)."""
        parts = []
        for each in LANGS:
            try:
                text = self._render(f"{template}.email.{each}.j2", self._localise(context, each))
            except TemplateNotFound:
                continue
            subject, _, body = text.partition("\n")
            parts.append((subject.strip(), body.strip()))
        if not parts:
            raise TemplateNotFound(f"{template}.email.*.j2")
        subject = " / ".join(s for s, _ in parts)
        body = EN_SEPARATOR.join(b for _, b in parts)
        return Rendered(subject, body + "\n")
