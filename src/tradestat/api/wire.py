"""How the Python API's answers travel between the server that owns a warehouse and a
process that connects to it (tradestat.api.remote): results and tables as Arrow IPC
streams (exact types: decimals stay decimals), with a result's provenance in the
schema's metadata; datasets and reports as JSON."""

from __future__ import annotations

import dataclasses
import json
from datetime import date
from typing import Any

ARROW = "application/vnd.apache.arrow.stream"
PROVENANCE = b"tradestat.provenance"


def arrow_bytes(table: Any, provenance: dict | None = None) -> bytes:
    import pyarrow as pa

    if provenance is not None:
        meta = dict(table.schema.metadata or {})
        meta[PROVENANCE] = json.dumps(provenance, default=str).encode()
        table = table.replace_schema_metadata(meta)
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, table.schema) as writer:
        writer.write_table(table)
    return sink.getvalue().to_pybytes()


def read_arrow(data: bytes) -> tuple[Any, dict | None]:
    """(table, provenance or None) from :func:`arrow_bytes`."""
    import pyarrow as pa

    table = pa.ipc.open_stream(data).read_all()
    meta = dict(table.schema.metadata or {})
    raw = meta.pop(PROVENANCE, None)
    table = table.replace_schema_metadata(meta or None)
    return table, (json.loads(raw) if raw is not None else None)


def dataset_dict(ds: Any) -> dict[str, Any]:
    return dataclasses.asdict(ds)


def dataset_from_dict(data: dict[str, Any]) -> Any:
    from tradestat.model.dataset import Dataset, DisclosurePolicy

    fields = {f.name for f in dataclasses.fields(Dataset)}
    values = {k: v for k, v in data.items() if k in fields}
    values["grain"] = tuple(values["grain"])
    values["disclosure"] = DisclosurePolicy(**values["disclosure"])
    return Dataset(**values)


def report_from_dict(data: dict[str, Any]) -> Any:
    from tradestat.ingest.report import IngestReport

    fields = {f.name for f in dataclasses.fields(IngestReport)}
    return IngestReport(**{k: v for k, v in data.items() if k in fields})


def options_dict(options: Any) -> dict[str, Any]:
    out = dataclasses.asdict(options)
    for k, v in out.items():
        if isinstance(v, date):
            out[k] = v.isoformat()
        elif v is not None and k == "mapping":
            out[k] = str(v)
    return out


def options_from_dict(data: dict[str, Any]) -> Any:
    from tradestat.ingest.options import ingest_options

    return ingest_options(**data)


def dumps(obj: Any) -> bytes:
    return json.dumps(obj, default=_json, ensure_ascii=False).encode()


def _json(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    return str(value)
