"""``POST /datasets/{name}/ingest``: upload one file, ingest it as one atomic batch.

The upload goes through the same pipeline as ``tradestat ingest``: the same adapters,
validation and rejects table. Only formats the server knows and the file types each
format reads are accepted, and the body size is capped (see ``limits.py``).
"""

from __future__ import annotations

import re
import shutil
import tempfile
from datetime import date
from pathlib import Path as FilePath
from typing import Any

from fastapi import APIRouter, Depends, File, Form, Path, UploadFile
from fastapi.responses import JSONResponse

from tradestat.api.formats import ingest_formats
from tradestat.errors import IngestError, QueryError
from tradestat.web.auth import api_principal, service
from tradestat.web.scopes import Principal
from tradestat.web.service import Service

router = APIRouter(tags=["ingest"])

REJECTS_SHOWN = 100
_SAFE = re.compile(r"[^A-Za-z0-9._-]+")


def safe_name(filename: str | None, suffixes: tuple[str, ...], field: str) -> str:
    """The upload's base name reduced to safe characters; its suffix must be allowed.
    The name is kept (not a random one) because it is part of the batch's content hash,
    so uploading the same file twice is recognised and skipped like on the CLI."""
    base = _SAFE.sub("_", FilePath(filename or "").name).strip("._")[-100:]
    if not base or not base.lower().endswith(suffixes):
        raise QueryError(field, f"file type not accepted here: use {', '.join(suffixes)}")
    return base


@router.post(
    "/datasets/{name}/ingest",
    summary="Ingest an uploaded file as one batch (ingest scope)",
    status_code=201,
    responses={200: {"description": "Same content already ingested: skipped"}},
)
def ingest_upload(
    name: str = Path(max_length=63),
    file: UploadFile = File(description="The source file."),
    format: str = Form("canonical", description="Input format (see GET /formats)."),
    flow: str | None = Form(None, pattern="^[XMxm]$"),
    period: str | None = Form(None, pattern=r"^\d{4}-\d{2}$"),
    currency: str | None = Form(None, pattern="^[A-Za-z]{3}$"),
    vintage: date | None = Form(None),
    encoding: str | None = Form(None, max_length=40),
    home_currency: str | None = Form(None, pattern="^[A-Za-z]{3}$"),
    description: str = Form("", max_length=500),
    mapping: UploadFile | None = File(None, description="YAML mapping (format mapped)."),
    p: Principal = Depends(api_principal),
    svc: Service = Depends(service),
) -> JSONResponse:
    from tradestat.ingest.options import ingest_options

    known = ingest_formats()
    if format not in known:
        raise QueryError("format", f"unknown format {format!r} (known: {', '.join(known)})")
    filename = safe_name(file.filename, known[format], "file")
    p.check_ingest(name)  # before writing anything to disk
    folder = FilePath(tempfile.mkdtemp(prefix="tradestat-upload-", dir=svc.settings.upload_dir))
    try:
        source = _save(file, folder / filename)
        mapping_path = None
        if mapping is not None and mapping.filename:
            yaml_name = safe_name(mapping.filename, (".yaml", ".yml"), "mapping")
            mapping_path = _save(mapping, folder / "mapping" / yaml_name)
        options = ingest_options(
            flow=flow, period=period, currency=currency, vintage=vintage, encoding=encoding,
            mapping=mapping_path,
        )  # fmt: skip
        try:
            report = svc.ingest(
                p, name, source, format, options=options, home_currency=home_currency,
                description=description,
            )  # fmt: skip
        except IngestError as exc:  # never show the server's temporary folder
            raise IngestError(str(exc).replace(f"{folder}/", "")) from None
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return JSONResponse(
        _payload(report, filename, svc, p), 200 if report.status == "skipped" else 201
    )


def _save(upload: UploadFile, target: FilePath) -> FilePath:
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target, "wb") as out:
        shutil.copyfileobj(upload.file, out, 1 << 20)
    return target


def _payload(report: Any, filename: str, svc: Service, p: Principal) -> dict[str, Any]:
    out = report.to_dict()
    out["source"], out["files"] = filename, [filename]
    out["rejects"] = []
    if report.rows_rejected and report.status != "skipped":
        out["rejects"] = svc.rejects(p, report.dataset, report.batch_id, REJECTS_SHOWN)
        out["rejects_url"] = f"/api/v1/datasets/{report.dataset}/batches/{report.batch_id}/rejects"
    for r in out["rejects"]:
        r["file"] = filename
    return out


@router.get("/formats", summary="Input formats an upload may use, with their file types")
def list_formats(p: Principal = Depends(api_principal)) -> dict[str, Any]:
    return {"formats": [{"name": k, "suffixes": list(v)} for k, v in ingest_formats().items()]}
