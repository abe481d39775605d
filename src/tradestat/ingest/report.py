"""What an ingest did, as shown by the CLI and returned by the Python API."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass
class IngestReport:
    dataset: str
    source: str
    format: str
    batch_id: int | None = None
    status: str = "ok"  # ok | skipped (same content already ingested) | failed
    rows_read: int = 0
    rows_accepted: int = 0
    rows_rejected: int = 0
    rows_revised: int = 0  # accepted rows that revise a stored record (later vintage)
    rows_history: int = 0  # accepted rows older than the stored latest vintage
    files: list[str] = field(default_factory=list)
    encodings: dict[str, str] = field(default_factory=dict)
    currencies: list[str] = field(default_factory=list)
    flows: list[str] = field(default_factory=list)
    periods: list[str] = field(default_factory=list)  # first and last month accepted
    reject_reasons: dict[str, int] = field(default_factory=dict)  # "field: reason" counts (top)
    ignored_columns: dict[str, list[str]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def to_dict(self) -> dict:
        return asdict(self)

    @property
    def balanced(self) -> bool:
        return self.rows_read == self.rows_accepted + self.rows_rejected
