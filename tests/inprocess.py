"""`tradestat ARGS` run in this process, as the entry point runs it.

``run_cli`` calls :func:`tradestat.cli.main.main` with the arguments inside Typer's
``CliRunner`` isolation (stdout and stderr captured, environment overrides), so the
plain-query shortcut, the lazy command tree and the taught help all run as they do from
a shell, without the 1-3 s a fresh interpreter spends importing Ibis and DuckDB. It
returns what ``subprocess.run(..., capture_output=True, text=True)`` would: stdout,
stderr and returncode (1 and a traceback on stderr for an uncaught exception).

A few tests still start a real process: the entry point itself, start-up time, what a
fresh interpreter imports, and servers.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import traceback
from typing import Any

PIPED_WIDTH = 200  # what the CLI gives piped output (tradestat.cli.common)


def run_cli(
    *args: Any,
    env: dict[str, str | None] | None = None,
    columns: int | None = None,
    cwd: str | os.PathLike | None = None,
    check: bool = False,
) -> subprocess.CompletedProcess:
    """``tradestat ARGS`` in-process. ``columns`` plays a terminal of that width (else
    output is piped: no COLUMNS, tables 200 wide); ``env`` overrides variables (None
    removes one); ``check`` raises on a non-zero exit, with its stderr."""
    from typer.testing import CliRunner

    from tradestat.cli import common
    from tradestat.cli.main import main

    argv = [str(a) for a in args]
    overrides = {"COLUMNS": str(columns) if columns else None, **(env or {})}
    consoles = (common.console, common.err_console)
    saved = [(c._width, c._color_system) for c in consoles]
    code = 0
    with contextlib.ExitStack() as stack:
        if cwd is not None:
            stack.enter_context(contextlib.chdir(cwd))
        out, err, _ = stack.enter_context(CliRunner().isolation(env=overrides))
        common.console.width = columns or PIPED_WIDTH
        for c in consoles:
            c._color_system = None  # a pipe: no colour codes in what tests read
        try:
            main(argv)
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        except Exception:
            traceback.print_exc()
            code = 1
        finally:
            for c, (width, colours) in zip(consoles, saved, strict=True):
                c._width, c._color_system = width, colours
            sys.stdout.flush()  # the isolation's text wrappers over the captured bytes
            sys.stderr.flush()
            stdout, stderr = out.getvalue().decode(), err.getvalue().decode()
    done = subprocess.CompletedProcess(["tradestat", *argv], code, stdout, stderr)
    if check and code != 0:
        raise AssertionError(f"tradestat {' '.join(argv)} exited {code}:\n{stderr}")
    return done
