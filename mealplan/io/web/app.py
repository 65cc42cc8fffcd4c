"""``mealplan serve``: the office's web application on Starlette (ASGI), served by uvicorn.

- ``/t/<token>``: a driver's trip, or a social worker's day, on the phone: stops in order with
  the door's details, call and navigate buttons, big outcome buttons. Outcomes are queued in the
  browser and sent when there is a connection (``static/trip.js``): a lost connection loses
  nothing, a retry or a double tap records one outcome (the request key and the history's
  versions, ``History.record_door_outcomes``).
- ``/api/t/<token>/outcomes``: where the page posts; the token opens one trip, expires after the
  day and can be revoked; a client not on that trip is refused.
- ``/office``: the coordinators' page behind a password (its scrypt hash in the history): open
  wellness checks to close with who and how, register proposals to accept, the day's links to
  revoke.

Every request is logged as method, path (a token shown as the first characters of its hash),
status and milliseconds: no names, addresses, phones or notes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import logging
import re
import secrets
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.middleware.base import BaseHTTPMiddleware, RequestResponseEndpoint
from starlette.middleware.sessions import SessionMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from mealplan.door_models import OUTCOMES, DoorOutcome, Service, meal_stop_ref
from mealplan.i18n import tr
from mealplan.io.readers.dataset import read_dataset
from mealplan.io.store.history import History, token_hash
from mealplan.io.writers.navigation import geo_url
from mealplan.models import Client

HERE = Path(__file__).parent
LOG = logging.getLogger("mealplan.serve")
TOKEN = re.compile(r"[A-Za-z0-9_-]{24}")
KEY = re.compile(r"[A-Za-z0-9-]{8,64}")
NOTE_MAX = 500
PASSWORD_NAME = "office_password"
MAX_FAILURES, LOCKOUT_S = 5, 15 * 60  # wrong passwords from one address, then it waits this long


def hash_password(password: str, salt: bytes | None = None) -> str:
    """``scrypt$<salt hex>$<hash hex>`` (the standard library's scrypt, n=2**14, r=8, p=1)."""
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=2**14, r=8, p=1, dklen=32)
    return f"scrypt${salt.hex()}${digest.hex()}"


def password_matches(password: str, stored: str | None) -> bool:
    if not stored or not stored.startswith("scrypt$"):
        return False
    _, salt, _ = stored.split("$", 2)
    return hmac.compare_digest(hash_password(password, bytes.fromhex(salt)), stored)


@dataclass
class ServeConfig:
    data_dir: Path
    out_dir: Path
    db_url: str
    lang: str = "bg"
    https_only: bool = False  # behind the office's HTTPS proxy: session cookies only over HTTPS
    # What a recorded outcome sets off (the wellness checks, the register proposals): given by
    # the wiring, which knows the rules (mealplan.door.raise_consequences).
    consequences: Callable[[History, list[DoorOutcome], Mapping[str, Client]], object] | None = None


class _Register:
    """The data folder's clients, read again when the register file changes."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self._stamp: tuple = ()
        self._clients: dict[str, Client] = {}
        # One reader at a time: forty first requests at once must not read the folder forty times.
        self._lock = threading.Lock()
        self.clients()

    def clients(self) -> dict[str, Client]:
        stamp = tuple(sorted((p.name, p.stat().st_mtime_ns) for p in self.data_dir.glob("clients.*")))
        if stamp != self._stamp:
            with self._lock:
                if stamp != self._stamp:
                    self._clients = {c.client_id: c for c in read_dataset(self.data_dir).clients}
                    self._stamp = stamp
        return self._clients


def _door(client: Client | None) -> str:
    if client is None:
        return ""
    parts = [client.address]
    parts += [f"{label} {value}" for label, value in (("бл.", client.block), ("вх.", client.entrance)) if value]
    if client.floor is not None:
        parts.append(f"ет. {client.floor}")
    if client.apartment:
        parts.append(f"ап. {client.apartment}")
    return ", ".join(p for p in parts if p)


def _go(client: Client | None) -> str:
    if client is None or client.lat is None or client.lon is None:
        return ""
    return geo_url(client.lat, client.lon)


def _clock(seconds: int | None) -> str:
    if seconds is None:
        return ""
    return f"{seconds // 3600:02d}:{seconds % 3600 // 60:02d}"


def create_app(config: ServeConfig) -> Starlette:
    """The web application over the history at ``config.db_url`` and the data folder's register."""
    history = History(config.db_url)
    register = _Register(config.data_dir)
    templates = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(["html"]))
    lang = config.lang

    def t(key: str, **fields: object) -> str:
        return tr(key, lang, **fields)

    templates.globals["t"] = t

    def page(template: str, status: int = 200, **context: object) -> HTMLResponse:
        return HTMLResponse(templates.get_template(template).render(lang=lang, **context), status_code=status)

    def refused(kind: str, status: int, json_too: bool) -> Response:
        if json_too:
            return JSONResponse({"error": kind, "message": t(f"serve.{kind}")}, status_code=status)
        return page("message.html", status=status, title=t(f"serve.{kind}"))

    def open_link(token: str, api: bool) -> dict | Response:
        if not TOKEN.fullmatch(token):
            return refused("unknown_link", 404, api)
        link = history.find_link(token)
        if link is None:
            return refused("unknown_link", 404, api)
        if link["revoked_at"] is not None:
            return refused("revoked_link", 410, api)
        expires = link["expires_at"]
        if expires.tzinfo is None:  # SQLite keeps no zone: the history writes UTC
            expires = expires.replace(tzinfo=dt.UTC)
        if dt.datetime.now(dt.UTC) > expires:
            return refused("expired_link", 410, api)
        return link

    def stops_of(link: dict) -> list[dict]:
        clients = register.clients()
        rows, answers = history.trip_stops(link["plan_date"], link["service"], link["holder"], link["trip"])
        meal = link["service"] == Service.MEAL
        ref = meal_stop_ref(link["holder"], link["trip"])
        found = []
        order = sorted(
            rows, key=lambda r: (r["stop"] or 0, r["client_id"]) if meal else (r["start_min"], r["occurrence_id"])
        )
        for seq, row in enumerate(order, start=1):
            ident = row["client_id"] if meal else row["occurrence_id"]
            client_id = row["client_id"]
            client = clients.get(client_id)
            answer = answers.get((client_id, ref if meal else ident))
            found.append(
                {
                    "seq": seq, "id": ident, "client_id": client_id,
                    "time": _clock(row["arrival_s"]) if meal else _clock(row["start_min"] * 60),
                    "name": client.name if client else client_id, "door": _door(client),
                    "phone": client.phone if client else "", "notes": client.access_notes if client else "",
                    "contact": " ".join(x for x in (client.emergency_contact, client.emergency_phone) if x)
                    if client else "",
                    "go": _go(client),
                    "outcome": answer["outcome"] if answer else "", "note": answer["note"] if answer else "",
                }
            )  # fmt: skip
        return found

    async def trip_page(request: Request) -> Response:
        link = await run_in_threadpool(open_link, request.path_params["token"], False)
        if isinstance(link, Response):
            return link
        stops = await run_in_threadpool(stops_of, link)
        choices = sorted(OUTCOMES[Service(link["service"])], key=_outcome_order)
        return page(
            "trip.html",
            link=link,
            token=request.path_params["token"],
            stops=stops,
            choices=[(c, t(f"door_outcome.{c}")) for c in choices],
            state={"stops": [{"id": s["id"], "outcome": s["outcome"]} for s in stops]},
            title=f"{link['holder']} · {link['plan_date'].isoformat()}",
        )

    async def post_outcome(request: Request) -> Response:
        token = request.path_params["token"]
        link = await run_in_threadpool(open_link, token, True)
        if isinstance(link, Response):
            return link
        try:
            body = await request.json()
        except ValueError:
            return JSONResponse({"error": "bad_request"}, status_code=400)
        if not isinstance(body, dict):
            return JSONResponse({"error": "bad_request"}, status_code=400)
        service = Service(link["service"])
        ident, outcome = str(body.get("id", "")), str(body.get("outcome", ""))
        key, note = str(body.get("key", "")), str(body.get("note", ""))[:NOTE_MAX]
        if not KEY.fullmatch(key) or outcome not in OUTCOMES[service]:
            return JSONResponse({"error": "bad_request"}, status_code=400)
        stops = {s["id"]: s for s in await run_in_threadpool(stops_of, link)}
        if ident not in stops:
            return refused("not_on_trip", 403, True)  # another trip's stop, or none at all
        minutes = body.get("minutes_spent")
        if minutes is not None and (not isinstance(minutes, int) or not 0 <= minutes <= 24 * 60):
            return JSONResponse({"error": "bad_request"}, status_code=400)
        tapped = None
        try:
            tapped = dt.datetime.fromisoformat(str(body["tapped_at"])) if body.get("tapped_at") else None
        except ValueError:
            return JSONResponse({"error": "bad_request"}, status_code=400)
        stop_ref = meal_stop_ref(link["holder"], link["trip"]) if service == Service.MEAL else ident
        found = DoorOutcome(
            service=service,
            plan_date=link["plan_date"],
            client_id=stops[ident]["client_id"],
            stop_ref=stop_ref,
            outcome=outcome,
            note=note,
            minutes_spent=minutes,
            tapped_at=tapped,
            source="phone",
            # The phone's key, bound to the link: a key cannot be replayed against another trip.
            request_key=hashlib.sha256(f"{token_hash(token)}:{key}".encode()).hexdigest()[:40],
        )
        recorded, _ = await run_in_threadpool(history.record_door_outcomes, [found.model_dump()])
        if recorded and config.consequences is not None:  # a silent door is a check the same minute
            await run_in_threadpool(config.consequences, history, [found], register.clients())
        return JSONResponse({"status": "recorded" if recorded else "unchanged", "outcome": outcome})

    failures: dict[str, list[float]] = {}  # address -> the monotonic times of its wrong passwords

    def signed_in(request: Request) -> str | None:
        return request.session.get("name")

    async def login(request: Request) -> Response:
        if request.method == "GET":
            return page("login.html", title=t("serve.login"))
        address = request.client.host if request.client else "?"
        now = time.monotonic()
        recent = [moment for moment in failures.get(address, []) if now - moment < LOCKOUT_S]
        if len(recent) >= MAX_FAILURES:  # guessing the password: the address waits
            return page("login.html", status=429, title=t("serve.login"), error=t("serve.too_many_tries"))
        form = await request.form()
        name = str(form.get("name", "")).strip()[:64]
        stored = await run_in_threadpool(history.secret, PASSWORD_NAME)
        if not name or not await run_in_threadpool(password_matches, str(form.get("password", "")), stored):
            failures[address] = [*recent, now]
            return page("login.html", status=401, title=t("serve.login"), error=t("serve.wrong_password"))
        failures.pop(address, None)
        request.session["name"] = name
        return RedirectResponse("/office", status_code=303)

    async def logout(request: Request) -> Response:
        request.session.clear()
        return RedirectResponse("/login", status_code=303)

    async def office(request: Request) -> Response:
        name = signed_in(request)
        if name is None:
            return RedirectResponse("/login", status_code=303)
        clients = register.clients()
        today = dt.date.today()
        checks = history.open_escalations()

        def people(client_id: str) -> dict[str, str]:
            client = clients.get(client_id)
            if client is None:
                return {"name": "", "door": "", "phone": "", "contact": "", "contact_phone": ""}
            return {"name": client.name, "door": _door(client), "phone": client.phone,
                    "contact": client.emergency_contact, "contact_phone": client.emergency_phone}  # fmt: skip

        return page(
            "office.html",
            title=t("serve.office"),
            name=name,
            checks=[
                c
                | people(c["client_id"])
                | {
                    "what": t(f"door_outcome.{c['outcome']}"),
                    "next": [t(f"wellness_step.{step}") for step in c["steps"].split(",") if step],
                }
                for c in checks
            ],
            proposals=[p | people(p["client_id"]) for p in history.proposals_in("open")],
            links=history.links_on(today),
            today=today,
        )

    async def close_check(request: Request) -> Response:
        name = signed_in(request)
        if name is None:
            return RedirectResponse("/login", status_code=303)
        form = await request.form()
        how = str(form.get("how", "")).strip()[:NOTE_MAX]
        if how:
            history.close_escalation(int(request.path_params["escalation_id"]), name, how)
        return RedirectResponse("/office", status_code=303)

    async def decide(request: Request) -> Response:
        name = signed_in(request)
        if name is None:
            return RedirectResponse("/login", status_code=303)
        form = await request.form()
        history.decide(int(request.path_params["proposal_id"]), form.get("decision") == "accept", name)
        return RedirectResponse("/office", status_code=303)

    async def revoke(request: Request) -> Response:
        name = signed_in(request)
        if name is None:
            return RedirectResponse("/login", status_code=303)
        form = await request.form()
        try:
            day = dt.date.fromisoformat(str(form.get("date", "")))
            trip = int(str(form.get("trip", "")))
            history.revoke_link(day, str(form.get("service", "")), str(form.get("holder", "")), trip)
        except (ValueError, KeyError):
            return PlainTextResponse("bad request", status_code=400)
        return RedirectResponse("/office", status_code=303)

    async def health(_: Request) -> Response:
        return PlainTextResponse("ok")

    session_key = history.secret("session_key", lambda: secrets.token_hex(32)) or ""
    app = Starlette(
        routes=[
            Route("/t/{token}", trip_page),
            Route("/api/t/{token}/outcomes", post_outcome, methods=["POST"]),
            Route("/login", login, methods=["GET", "POST"]),
            Route("/logout", logout, methods=["POST"]),
            Route("/office", office),
            Route("/office/escalations/{escalation_id:int}/close", close_check, methods=["POST"]),
            Route("/office/proposals/{proposal_id:int}", decide, methods=["POST"]),
            Route("/office/links/revoke", revoke, methods=["POST"]),
            Route("/healthz", health),
            Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
        ],
        middleware=[
            Middleware(_LogAndHeaders),
            Middleware(
                SessionMiddleware,
                secret_key=session_key,
                same_site="strict",
                https_only=config.https_only,
                max_age=12 * 3600,
            ),
        ],
    )

    app.state.history = history
    return app


class _LogAndHeaders(BaseHTTPMiddleware):
    """Each request logged without personal data (a token as its hash's first characters), and
    the headers that keep a page of clients out of caches, frames and referrers."""

    async def dispatch(self, request: Request, call_next: RequestResponseEndpoint) -> Response:
        started = time.perf_counter()
        response = await call_next(request)
        shown = re.sub(r"/t/([A-Za-z0-9_-]+)", lambda m: f"/t/{token_hash(m.group(1))[:8]}", request.url.path)
        took_ms = 1000 * (time.perf_counter() - started)
        LOG.info("%s %s %s %.0f ms", request.method, shown, response.status_code, took_ms)
        response.headers["Cache-Control"] = "no-store"
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["Content-Security-Policy"] = (
            "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'"
        )
        return response


def _outcome_order(code: str) -> int:
    order = ["delivered", "done", "partly", "not_home", "refused", "hospital", "deceased", "other"]
    return order.index(code) if code in order else len(order)
