"""Ingest by upload: the CLI's pipeline (validation, rejects, idempotent batches), with
scopes, allowed formats and file types, and the upload size limit."""

from __future__ import annotations

from tests.web.conftest import FIX, error_of

URL = "/api/v1/datasets/uploads/ingest"
GOOD = (FIX / "customs.csv").read_bytes()
BAD = (FIX / "bad.csv").read_bytes()


def upload(api, who, content=GOOD, name="customs.csv", url=URL, **form):
    files = {"file": (name, content, "text/csv")}
    return api.post(url, who, files=files, data=form)


def test_upload_ingests_a_batch_and_reports_like_the_cli(api):
    r = upload(api, "ingester")
    assert r.status_code == 201, r.text
    report = r.json()
    assert report["status"] == "ok" and report["dataset"] == "uploads"
    assert report["rows_read"] == report["rows_accepted"] + report["rows_rejected"] == 27
    assert report["source"] == "customs.csv" and report["files"] == ["customs.csv"]
    assert "tradestat-upload" not in r.text  # the server's temporary folder never shows
    again = upload(api, "ingester")
    assert again.status_code == 200 and again.json()["status"] == "skipped"
    # the new dataset is private: the ingester cannot read it, an admin can
    q = {"dataset": "uploads", "period": "2023", "flow": "export"}
    assert api.query(q, "ingester").status_code == 403
    same = api.query({**q, "dataset": "customs"}, "admin").json()["rows"]
    assert api.query(q, "admin").json()["rows"] == same  # same file, same figures


def test_rejected_rows_come_back_with_reasons(api):
    r = upload(api, "admin", BAD, "bad.csv", url="/api/v1/datasets/badrows/ingest")
    assert r.status_code == 201, r.text
    report = r.json()
    assert report["rows_rejected"] > 0 and report["reject_reasons"]
    assert report["rows_read"] == report["rows_accepted"] + report["rows_rejected"]
    first = report["rejects"][0]
    assert first["file"] == "bad.csv" and first["field"] and first["reason"]
    listed = api.get(report["rejects_url"], "admin").json()["rejects"]
    assert len(listed) == report["rows_rejected"]
    assert api.get(report["rejects_url"], "reader").status_code == 403


def test_ingest_needs_the_ingest_scope_for_that_dataset(api):
    assert upload(api, "reader").status_code == 403
    r = upload(api, "ingester", url="/api/v1/datasets/customs/ingest")
    assert r.status_code == 403 and "ingest scope" in error_of(r)["message"]
    assert upload(api, None).status_code == 401


def test_unknown_format_and_file_types_are_refused(api):
    r = upload(api, "ingester", format="excel-magic")
    assert r.status_code == 400 and error_of(r)["field"] == "format"
    for name in ("data.exe", "../../etc/passwd", "", ".csv"):
        r = upload(api, "ingester", name=name)
        assert r.status_code in (400, 422), (name, r.text)
    r = upload(api, "ingester", flow="sideways")
    assert r.status_code == 422 and error_of(r)["field"] == "flow"
    r = upload(api, "ingester", vintage="yesterday")
    assert r.status_code == 422 and error_of(r)["field"] == "vintage"


def test_file_that_cannot_be_ingested_is_400_and_changes_nothing(api):
    r = upload(api, "ingester", b"\x00\x01binary\x00", "x.csv")
    assert r.status_code == 400 and error_of(r)["field"] == "file"
    assert "tradestat-upload" not in r.text
    r = upload(api, "ingester", b"a,b\n1,2\n", "cols.csv")
    assert r.status_code == 400


def test_upload_size_limit(api):
    big = b"period,flow,value\n" + b"2023-01,X,1\n" * 20_000  # > 200 kB test limit
    r = upload(api, "ingester", big, "big.csv")
    assert r.status_code == 413 and error_of(r)["field"] == "body"


def test_missing_file_field(api):
    r = api.post(URL, "ingester", data={"format": "canonical"})
    assert r.status_code == 422 and error_of(r)["field"] == "file"


def test_formats_lists_what_uploads_may_use(api):
    formats = {
        f["name"]: f["suffixes"] for f in api.get("/api/v1/formats", "reader").json()["formats"]
    }
    assert ".csv" in formats["canonical"]


def test_a_datasets_extent_follows_each_upload_without_a_restart(api):
    """The extent the server lists (rows, latest rows, periods, vintages) is read by
    the pooled engines and dropped with their caches on each write: after a revision
    batch it equals the figures of both files counted in plain SQL."""
    import duckdb

    url = "/api/v1/datasets/extent/ingest"
    files = [FIX / "customs.csv", FIX / "customs-revision.csv"]
    for n, path in enumerate(files, start=1):
        assert upload(api, "admin", path.read_bytes(), path.name, url=url).status_code == 201
        names = ", ".join(f"'{f}'" for f in files[:n])
        rows, latest, first, last, vintages = duckdb.sql(
            f"SELECT count(*), count(DISTINCT record_id), min(period), max(period), "
            f"count(DISTINCT vintage) FROM read_csv([{names}], all_varchar = true)"
        ).fetchall()[0]
        want = {"rows": rows, "latest_rows": latest, "first_period": first,
                "last_period": last, "vintages": vintages}  # fmt: skip
        info = api.get("/api/v1/datasets/extent", "admin").json()
        assert {k: info[k] for k in want} == want
        listed = [d for d in api.get("/api/v1/datasets", "admin").json()["datasets"]
                  if d["name"] == "extent"]  # fmt: skip
        assert [{k: d[k] for k in want} for d in listed] == [want]
    assert want == {"rows": 29, "latest_rows": 27, "first_period": "2022-01",
                    "last_period": "2023-12", "vintages": 3}  # fmt: skip
