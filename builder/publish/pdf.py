"""Print an HTML page to PDF with headless Chromium, when it is installed.

Chromium is optional: without it the caller still writes the HTML and tells the user. The PDF
Chromium writes carries the print time in /CreationDate and /ModDate; those digits are replaced
by a fixed date of the same length (so the cross-reference offsets stay valid), which makes two
prints of the same page byte-identical on one machine. Different Chromium versions or fonts
still give different bytes: the PDF is reproducible per machine, not across machines.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
_PDF_DATE = re.compile(rb"\(D:\d{14}(?:Z|[+-]\d\d'\d\d'?)?\)")
FIXED_PDF_DATE = b"20260101000000"


class PdfError(RuntimeError):
    pass


def find_chromium() -> str | None:
    """The browser to print with, or None (see chromium_choice for why not)."""
    return chromium_choice()[0]


OPTED_OUT = "opted out"


def chromium_choice() -> tuple[str | None, str]:
    """(path, "") or (None, why): DECKBUILDER_CHROMIUM names the browser and 'none' is an opt-out
    (why == OPTED_OUT, not a problem to warn about); otherwise search PATH. The reason names what
    was tried, so a mistyped path is reported as that path, not as "chromium not found"."""
    chosen = os.environ.get("DECKBUILDER_CHROMIUM")
    if chosen is not None:
        chosen = chosen.strip()
        if chosen.lower() in ("", "none"):
            return None, OPTED_OUT
        found = shutil.which(chosen)
        if found:
            return found, ""
        if os.sep in chosen or (os.altsep and os.altsep in chosen):
            why = "does not exist" if not os.path.exists(chosen) else "is not an executable file"
            return None, f"DECKBUILDER_CHROMIUM={chosen}: this path {why}"
        return None, f"DECKBUILDER_CHROMIUM={chosen}: no program of that name on PATH"
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found, ""
    return None, f"chromium not found (looked on PATH for {', '.join(CHROMIUM_NAMES)})"


def fix_pdf_dates(data: bytes) -> bytes:
    def fixed(m):
        raw = m.group(0)
        tz = raw[16:-1]
        tz_fixed = b"Z" if tz == b"Z" else (b"+00'00'" if tz.endswith(b"'") else b"+00'00")[: len(tz)]
        return b"(D:" + FIXED_PDF_DATE + tz_fixed + b")"

    return _PDF_DATE.sub(fixed, data)


TIMEOUT_ENV = "DECKBUILDER_PDF_TIMEOUT"  # seconds Chromium may take to print one page
DEFAULT_TIMEOUT = 30.0


def pdf_timeout() -> float:
    """$DECKBUILDER_PDF_TIMEOUT seconds (default 30): a 2,600-card handout prints in about 6 s."""
    try:
        value = float(os.environ.get(TIMEOUT_ENV, ""))
    except ValueError:
        return DEFAULT_TIMEOUT
    return value if value > 0 else DEFAULT_TIMEOUT


def html_to_pdf(html: str, chromium: str, timeout: float | None = None) -> bytes:
    """The page printed by `chromium --headless --print-to-pdf`, with its dates fixed, checked to be
    a PDF with pages (verify_pdf) before anyone ships it. Chromium runs in its own process group,
    so a time-out or a Ctrl-C ends it and every helper process it started."""
    timeout = pdf_timeout() if timeout is None else timeout
    name = Path(chromium).name
    with tempfile.TemporaryDirectory(prefix="deckbuilder-pdf-") as tmp:
        page = Path(tmp) / "page.html"
        page.write_text(html, encoding="utf-8")
        out = Path(tmp) / "page.pdf"
        # the sandbox refuses to start as root (containers, CI); the page is ours and has no script
        sandbox = ["--no-sandbox"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []
        cmd = [
            chromium,
            "--headless",
            "--disable-gpu",
            *sandbox,
            "--no-first-run",
            "--no-pdf-header-footer",
            "--disable-extensions",
            "--hide-scrollbars",
            f"--user-data-dir={Path(tmp) / 'profile'}",
            f"--print-to-pdf={out}",
            page.as_uri(),
        ]
        # Ctrl-C and SIGTERM wait while Chromium starts (a KeyboardInterrupt inside Popen would
        # leave it running, out of reach); the browser itself starts with them unblocked.
        held = signal.pthread_sigmask(signal.SIG_BLOCK, _STOP_SIGNALS)
        try:
            proc = subprocess.Popen(
                cmd,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                start_new_session=True,
                preexec_fn=_unblock_stop_signals,
            )
        except OSError as exc:
            signal.pthread_sigmask(signal.SIG_SETMASK, held)
            raise PdfError(f"{name} could not start: {exc.strerror or exc}") from None
        try:
            signal.pthread_sigmask(signal.SIG_SETMASK, held)  # a Ctrl-C that came meanwhile is raised here
            _, stderr = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            _kill_group(proc)
            raise PdfError(
                f"{name} did not finish printing within {timeout:g} s "
                f"(set {TIMEOUT_ENV} to wait longer, or DECKBUILDER_CHROMIUM=none to skip PDFs)"
            ) from None
        except BaseException:  # Ctrl-C, SIGTERM: the browser goes too
            _kill_group(proc)
            raise
        if not out.is_file() or out.stat().st_size == 0:
            tail = stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or ["no output"]
            raise PdfError(f"{name} exited {proc.returncode} without a PDF: {tail[0]}")
        data = out.read_bytes()
        problem = verify_pdf(data)
        if problem:
            raise PdfError(f"{name} wrote a file that is not a usable PDF ({problem})")
        return fix_pdf_dates(data)


_STOP_SIGNALS = {signal.SIGINT, signal.SIGTERM}


def _unblock_stop_signals() -> None:
    signal.pthread_sigmask(signal.SIG_UNBLOCK, _STOP_SIGNALS)


def _kill_group(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except OSError:
        proc.kill()
    proc.wait()


_PAGE = re.compile(rb"/Type\s*/Page(?![A-Za-z])")


def verify_pdf(data: bytes) -> str:
    """Why `data` is not a PDF worth shipping, or "": it must start with the %PDF- header, end
    with %%EOF and have at least one page object (Chromium writes them uncompressed)."""
    if not data.startswith(b"%PDF-"):
        return f"it starts with {data[:8]!r}, not %PDF-"
    if b"%%EOF" not in data[-1024:]:
        return "it is cut short: no %%EOF at its end"
    if not _PAGE.search(data):
        return "it has no pages"
    return ""


def missing_script_fonts(text: str) -> list:
    """Languages in `text` with no installed font (fontconfig's view), e.g. ['Korean']: Chromium
    would print them as empty boxes. Empty when fontconfig is absent (nothing to check with)."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return []
    wanted = []
    if re.search(r"[\uac00-\ud7a3]", text):
        wanted.append(("Korean", ":lang=ko"))
    if re.search(r"[\u3040-\u30ff]", text) or re.search(r"[\u4e00-\u9fff]", text):
        wanted.append(("Japanese/Chinese", ":lang=ja"))
    missing = []
    for name, pattern in wanted:
        try:
            out = subprocess.run([fc_list, pattern], capture_output=True, text=True, timeout=30).stdout
        except (OSError, subprocess.TimeoutExpired):
            return []
        if not out.strip():
            missing.append(name)
    return missing
