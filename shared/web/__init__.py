"""What the people-facing pages of every service share: sign-in with an API key kept in an
HttpOnly, SameSite=Strict cookie, Turkish first with an English switch, one layout and stylesheet.

A service builds `Pages(service, dirs, texts)`, includes `pages.signin_router()` and mounts
`STATIC` at `/static/irtibat`; its page handlers call `pages.principal(request)`.
"""

from shared.web.pages import STATIC, Pages, safe_next

__all__ = ["STATIC", "Pages", "safe_next"]
