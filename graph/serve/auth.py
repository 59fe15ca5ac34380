"""How ``ydkg push`` authenticates to a Graph Store: none, basic, bearer or HTTP digest.

Oxigraph (behind a proxy), Fuseki and GraphDB take basic auth, QLever a
bearer token, Virtuoso's ``/sparql-graph-crud-auth`` HTTP digest
authentication (RFC 7616, MD5, ``qop=auth``). With ``auth="auto"`` the
scheme is read from the server's own ``WWW-Authenticate`` challenge: one
body-less ``GET`` of a graph that does not exist (:data:`PROBE_GRAPH`).

Digest uses :class:`urllib.request.HTTPDigestAuthHandler`, made pre-emptive:
once challenged, every later request is signed up front with the same nonce
and a growing nonce count, so a graph's body crosses the network once
(Virtuoso answers an unsigned upload with 401 and closes the connection while
a large body is still being sent). A stale nonce is answered 401 again and the
handler signs anew with the fresh one.
"""
from __future__ import annotations

import base64
import urllib.error
import urllib.request
from dataclasses import dataclass, field

from ..errors import EndpointError

#: ``--auth`` choices.
AUTH_SCHEMES = ("auto", "digest", "basic")
#: A graph IRI no store holds: the probe that fetches the challenge (answered 401, then 404).
PROBE_GRAPH = "urn:x-ydkg:auth-probe"


class PreemptiveDigestHandler(urllib.request.HTTPDigestAuthHandler):
    """Digest auth that, after the first challenge, signs each request before it is sent."""

    def __init__(self, passwords: urllib.request.HTTPPasswordMgr) -> None:
        super().__init__(passwords)
        self._challenge: dict[str, str] | None = None

    def get_authorization(self, req: urllib.request.Request, chal: dict[str, str]) -> str | None:
        """Remember the server's challenge, then sign as the standard handler does."""
        self._challenge = dict(chal)
        return super().get_authorization(req, chal)

    def http_request(self, req: urllib.request.Request) -> urllib.request.Request:
        """Sign ``req`` with the last challenge (nonce count + 1), if there was one."""
        if self._challenge is not None and not req.has_header(self.auth_header):
            signed = super().get_authorization(req, self._challenge)
            if signed:
                req.add_unredirected_header(self.auth_header, f"Digest {signed}")
        return req

    https_request = http_request


@dataclass
class Session:
    """How requests reach one store: extra headers (basic, bearer) and/or an opener doing digest."""

    scheme: str = "none"
    headers: dict[str, str] = field(default_factory=dict)
    opener: urllib.request.OpenerDirector | None = None


def basic_auth(user: str | None, password: str | None, token: str | None = None) -> dict[str, str]:
    """An ``Authorization`` header: bearer ``token`` if given, else basic auth, else nothing."""
    if token:
        return {"Authorization": f"Bearer {token}"}
    if not user:
        return {}
    token = base64.b64encode(f"{user}:{password or ''}".encode()).decode("ascii")
    return {"Authorization": f"Basic {token}"}


def digest_opener(url: str, user: str, password: str) -> urllib.request.OpenerDirector:
    """An opener that answers digest challenges of ``url``'s server with ``user``/``password``."""
    passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
    passwords.add_password(None, url, user, password)
    return urllib.request.build_opener(PreemptiveDigestHandler(passwords))


def challenge_scheme(url: str, timeout: float) -> str | None:
    """The auth scheme (``digest``, ``basic``, …) the server at ``url`` asks for, or None if it lets us in.

    Network failures are left to the first real request to report.
    """
    req = urllib.request.Request(url, method="GET", headers={"Accept": "application/n-triples"})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            resp.read()
            return None
    except urllib.error.HTTPError as exc:
        exc.read()
        if exc.code != 401:
            return None
        offered = exc.headers.get_all("WWW-Authenticate") or []
        schemes = [h.split(None, 1)[0].lower() for h in offered if h.strip()]
        return "digest" if "digest" in schemes else (schemes[0] if schemes else "basic")
    except (OSError, ValueError):
        return None


def session_for(probe_url: str, user: str | None, password: str | None, token: str | None = None,
                auth: str = "auto", timeout: float = 30) -> Session:
    """The session for a store whose probe graph is ``probe_url``: bearer, basic, digest or none.

    ``auth="auto"`` asks the server (:func:`challenge_scheme`) when a user is
    given; a server that challenges with neither digest nor basic is an error.
    """
    if auth not in AUTH_SCHEMES:
        raise EndpointError(f"--auth {auth}: choose one of {', '.join(AUTH_SCHEMES)}")
    if token:
        return Session("bearer", basic_auth(None, None, token))
    if not user:
        asked = challenge_scheme(probe_url, timeout)  # before any upload: a store may cut a large body short
        if asked:
            raise EndpointError(f"GET {probe_url}: authentication failed (HTTP 401): the store asks for {asked} "
                                "authentication; give --user and --password-env (or --token-env)")
        return Session()
    scheme = auth
    if auth == "auto":
        scheme = challenge_scheme(probe_url, timeout) or "basic"
        if scheme not in ("digest", "basic"):
            raise EndpointError(f"GET {probe_url}: the server asks for {scheme} authentication; "
                                "push speaks digest, basic and bearer (--token-env)")
    if scheme == "digest":
        return Session("digest", opener=digest_opener(probe_url, user, password or ""))
    return Session("basic", basic_auth(user, password))
