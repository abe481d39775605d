"""Who is calling: ``Authorization: Bearer KEY`` for the API, a session cookie for the
explorer.

The explorer asks for a key once and keeps, server-side, a random session id that
maps to the key's id; the browser holds only the session id, in an HttpOnly,
SameSite=Lax cookie. Every request re-reads the key by id, so revoking a key also
ends its explorer sessions. Sessions live in memory: a restart logs everyone out.
"""

from __future__ import annotations

import secrets
import threading
import time

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.exceptions import HTTPException

from tradestat.web.scopes import Principal
from tradestat.web.service import Service

SESSION_COOKIE = "tradestat_session"
SESSION_SECONDS = 8 * 3600

bearer = HTTPBearer(auto_error=False, description="An API key: `tradestat keys create`.")


def service(request: Request) -> Service:
    return request.app.state.service


def unauthorized(message: str) -> HTTPException:
    return HTTPException(401, message, headers={"WWW-Authenticate": "Bearer"})


def api_principal(
    request: Request, credentials: HTTPAuthorizationCredentials | None = Depends(bearer)
) -> Principal:
    """The caller of an API route; 401 without a valid, unrevoked key."""
    if credentials is None:
        raise unauthorized("missing API key: send the header Authorization: Bearer KEY")
    principal = service(request).authenticate(credentials.credentials)
    if principal is None:
        raise unauthorized("invalid or revoked API key")
    return principal


class Sessions:
    """Explorer sessions: session id -> (key id, expiry)."""

    def __init__(self) -> None:
        self._items: dict[str, tuple[str, float]] = {}
        self._lock = threading.Lock()

    def open(self, key_id: str) -> str:
        token = secrets.token_urlsafe(32)
        with self._lock:
            now = time.time()
            self._items = {k: v for k, v in self._items.items() if v[1] > now}
            self._items[token] = (key_id, now + SESSION_SECONDS)
        return token

    def key_id(self, token: str | None) -> str | None:
        if not token:
            return None
        with self._lock:
            item = self._items.get(token)
            if item is None or item[1] < time.time():
                self._items.pop(token, None)
                return None
            self._items[token] = (item[0], time.time() + SESSION_SECONDS)
            return item[0]

    def close(self, token: str | None) -> None:
        with self._lock:
            self._items.pop(token or "", None)


def page_principal(request: Request) -> Principal | None:
    """The explorer user, or None when not logged in (the page then redirects)."""
    sessions: Sessions = request.app.state.sessions
    key_id = sessions.key_id(request.cookies.get(SESSION_COOKIE))
    if key_id is None:
        return None
    return service(request).keys.principal_by_id(key_id)
