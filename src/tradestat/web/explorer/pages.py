"""Explorer routes. Each page calls the same service as the REST API and renders it.

Pages are GET forms (the URL is the view, so it can be shared); a key is asked
for once at /login and kept server-side behind a session cookie (see ``auth.py``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates

from tradestat.errors import DatasetError
from tradestat.export import results as export
from tradestat.query.dimensions import DIMENSIONS
from tradestat.query.tradequery import COMPARES, FLOWS, HS_EDITIONS, INDEX_METHODS, MEASURES
from tradestat.query.units import SCALE_CHOICES
from tradestat.query.words import field_name
from tradestat.web import auth
from tradestat.web.errors import describe
from tradestat.web.explorer import form as forms
from tradestat.web.explorer import i18n, view
from tradestat.web.scopes import Principal

router = APIRouter()
templates = Jinja2Templates(directory=str(Path(__file__).parents[1] / "templates"))
LANG_COOKIE = "tradestat_lang"
VOCAB = {
    "flows": FLOWS,
    "measures": MEASURES,
    "compares": COMPARES,
    "index_methods": INDEX_METHODS,
    "dimensions": tuple(DIMENSIONS),
    "scales": SCALE_CHOICES,
    "charts": ("auto", "bar", "line", "none"),
    "hs_editions": HS_EDITIONS,
}
DOWNLOADS = ("csv", "xlsx")
HEADERS = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; "
    "style-src 'self' 'unsafe-inline'; frame-ancestors 'self'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


def render(request: Request, name: str, status: int = 200, **ctx: Any) -> HTMLResponse:
    lang = i18n.pick_lang(request.query_params.get("lang"), request.cookies.get(LANG_COOKIE))
    other = "en" if lang == "zh" else "zh"
    params = [(k, v) for k, v in request.query_params.multi_items() if k != "lang"]
    switch = (
        request.url.path
        + "?"
        + "&".join(f"{quote(k)}={quote(v)}" for k, v in [*params, ("lang", other)])
    )
    ctx = {"request": request, "lang": lang, "t": i18n.text(lang), "lang_url": switch, **ctx}
    response = templates.TemplateResponse(request, name, ctx, status_code=status)
    response.headers.update(HEADERS)
    if request.query_params.get("lang") in i18n.LANGS:
        response.set_cookie(LANG_COOKIE, lang, max_age=365 * 86400, samesite="lax")
    return response


def user(request: Request) -> Principal | RedirectResponse:
    principal = auth.page_principal(request)
    if principal is None:
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(f"/login?next={quote(target)}", status_code=303)
    return principal


def lang_of(request: Request) -> str:
    return i18n.pick_lang(request.query_params.get("lang"), request.cookies.get(LANG_COOKIE))


@router.get("/login")
def login_page(request: Request, next: str = "/") -> HTMLResponse:
    return render(request, "login.html", next=_local(next))


@router.post("/login")
def login(request: Request, key: str = Form(max_length=200), next: str = Form("/")) -> Response:
    principal = auth.service(request).authenticate(key.strip())
    if principal is None:
        return render(request, "login.html", 401, next=_local(next), failed=True)
    token = request.app.state.sessions.open(principal.key_id)
    response = RedirectResponse(_local(next), status_code=303)
    response.set_cookie(auth.SESSION_COOKIE, token, max_age=auth.SESSION_SECONDS,
                        httponly=True, samesite="lax")  # fmt: skip
    return response


@router.post("/logout")
def logout(request: Request) -> Response:
    request.app.state.sessions.close(request.cookies.get(auth.SESSION_COOKIE))
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(auth.SESSION_COOKIE)
    return response


def _local(target: str) -> str:
    """Only redirect within this site."""
    ok = target.startswith("/") and not target.startswith("//") and "\\" not in target
    return target if ok else "/"


@router.get("/")
def home(request: Request) -> Response:
    p = user(request)
    if isinstance(p, Response):
        return p
    return render(request, "home.html", datasets=auth.service(request).datasets(p))


@router.get("/datasets/{name}")
def dataset_page(request: Request, name: str) -> Response:
    p = user(request)
    if isinstance(p, Response):
        return p
    try:
        info = auth.service(request).dataset_info(p, name)
    except Exception as exc:
        return _error_page(request, exc)
    year = (info["last_period"] or "2000")[:4]
    links = forms.quick_links(name, info["grain"], year)
    lang = lang_of(request)
    names = [field_name(g, lang).lower() if lang == "en" else field_name(g, lang)
             for g in info["grain"]]  # fmt: skip
    return render(request, "dataset.html", info=info, links=links, grain_names=names)


@router.get("/explore")
def explore(request: Request) -> Response:
    p = user(request)
    if isinstance(p, Response):
        return p
    svc, lang = auth.service(request), lang_of(request)
    f = forms.Form.from_params(request.query_params)
    ctx: dict[str, Any] = {"form": f, "datasets": svc.datasets(p), "result": None,
                           "vocab": VOCAB}  # fmt: skip
    status = 200
    if not f.empty:
        try:
            result = svc.query(p, f.query())
            t = i18n.text(lang)
            ranked = "top" in f.values
            scale = result.scale(f.values.get("scale", "auto"), lang)
            ctx["result"] = result
            ctx["caption"] = result.caption(lang, scale)
            ctx["warnings"] = [i18n.warning(w, lang) for w in result.provenance["warnings"]]
            ctx["notes"] = [i18n.warning(n, lang) for n in result.provenance.get("notes", [])]
            if f.values.get("pivot") and view.can_pivot(f.by):
                ctx["table"] = view.pivot(result, f.by, t, lang, scale)
            else:
                ctx["table"] = view.table(result, f.by, t, lang, ranked, scale)
            kind = f.values.get("chart", "auto")
            ctx["chart"] = view.chart(result, f.by, t, lang, kind, scale)
            ctx["downloads"] = {fmt: f.url(f"/explore.{fmt}") for fmt in DOWNLOADS}
        except Exception as exc:
            described = describe(exc)
            if described is None:
                raise
            status, ctx["error"], ctx["error_field"] = described
    ctx["share_url"] = f.url()
    return render(request, "explore.html", status, **ctx)


@router.get("/markets")
def markets_page(request: Request) -> Response:
    """The export-market finder: the same call as ``POST /api/v1/markets``."""
    p = user(request)
    if isinstance(p, Response):
        return p
    svc, lang, q = auth.service(request), lang_of(request), request.query_params
    wanted = {k: q.get(k, "") for k in ("dataset", "product", "period", "exporter", "years",
                                        "demand", "currency")}  # fmt: skip
    ctx: dict[str, Any] = {"datasets": svc.datasets(p), "wanted": wanted, "result": None}
    status = 200
    if wanted["dataset"] and wanted["product"] and wanted["period"]:
        try:
            ctx["result"], ctx["table"] = view.markets(svc, p, wanted, i18n.text(lang), lang)
        except Exception as exc:
            described = describe(exc)
            if described is None:
                raise
            status, ctx["error"], ctx["error_field"] = described
    return render(request, "markets.html", status, **ctx)


@router.get("/explore.{fmt}")
def explore_download(request: Request, fmt: str) -> Response:
    """The view's result as a file: CSV (exact figures) or xlsx (units row, formats,
    provenance sheet; the view's scale and language)."""
    p = user(request)
    if isinstance(p, Response):
        return p
    if fmt not in DOWNLOADS:
        return _error_page(request, DatasetError(f"no download as {fmt!r}: use csv or xlsx"))
    f = forms.Form.from_params(request.query_params)
    try:
        result = auth.service(request).query(p, f.query())
        scale = None if fmt == "csv" else f.values.get("scale")
        data = export.render(result, fmt, scale, lang_of(request))
    except Exception as exc:
        return _error_page(request, exc)
    name = f"{f.values.get('dataset', 'query')}-{f.values.get('period', '')}.{fmt}"
    headers = {"Content-Disposition": f'attachment; filename="{quote(name)}"'}
    return Response(data, media_type=export.MEDIA_TYPES[fmt], headers=headers)


@router.get("/bulletin")
def bulletin_page(request: Request) -> Response:
    p = user(request)
    if isinstance(p, Response):
        return p
    svc, q = auth.service(request), request.query_params
    try:
        specs = svc.report_specs()
    except Exception:
        specs = []
    wanted = {k: q.get(k, "") for k in ("spec", "dataset", "period", "base_period")}
    view_url = None
    if specs and all(wanted[k] for k in ("spec", "dataset", "period")):
        view_url = "/bulletin/view?" + str(q)
    return render(request, "bulletin.html", specs=specs, datasets=svc.datasets(p),
                  wanted=wanted, view_url=view_url)  # fmt: skip


@router.get("/bulletin/view")
def bulletin_view(request: Request) -> Response:
    p = user(request)
    if isinstance(p, Response):
        return p
    q = request.query_params
    try:
        bulletin = auth.service(request).bulletin(
            p, q.get("spec", ""), q.get("dataset", ""), q.get("period", ""),
            q.get("base_period") or None, lang_of(request),
        )  # fmt: skip
    except Exception as exc:
        return _error_page(request, exc)
    return HTMLResponse(bulletin.to_html(), headers=HEADERS)


def _error_page(request: Request, exc: Exception) -> Response:
    described = describe(exc)
    if described is None:
        raise exc
    status, message, field = described
    return render(request, "error.html", status, message=message, field=field)
