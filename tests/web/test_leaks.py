"""What a key can learn beyond its scopes: nothing from a 404, nothing from the key file."""

from __future__ import annotations

import stat

from tests.web.conftest import error_of


def test_an_unknown_dataset_lists_only_what_the_key_may_read(api):
    q = {"dataset": "nosuch", "period": "2023"}
    r = api.query(q, "reader")
    message = error_of(r)["message"]
    assert r.status_code == 404 and "unknown dataset 'nosuch'" in message
    assert "customs" in message and "cells" in message
    assert "national" not in message  # private: not the reader's to know about
    admin = error_of(api.query(q, "admin"))["message"]
    assert "national" in admin


def test_the_key_store_is_readable_by_its_owner_only(tmp_path):
    from tradestat.web.keys import KeyStore

    path = tmp_path / "keys.sqlite"
    KeyStore(path).create(["read:*"], "someone")
    mode = stat.S_IMODE(path.stat().st_mode)
    assert mode == 0o600, oct(mode)
