"""Letters as PDFs (WeasyPrint, Chinese set in Noto CJK) and the day's print batch.

A letter is "sent" when it is rendered into the day's batch: its PDF is written once under
LETTERS_DIR/<day>/letters/<idempotency key>.pdf (a second attempt finds the file and sends
nothing new), its SHA-256 goes into the evidence chain, and `build_batch` joins every letter
of the day, each behind its address sheet (the recipient's name and address where a window
envelope shows them), into one print file with a manifest for the print and mail house.
"""

from __future__ import annotations

import csv
import hashlib
import io
import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation

from arrears.messaging.models import Channel, Message, PrintBatch, Status
from arrears.messaging.providers import Accepted, Outgoing, TransientError

# The templates (messaging/letter.html, address_sheets.html) ask for Debian's fonts-noto-cjk
# (SC: simplified Chinese); without it Chinese renders as empty boxes.


def day_dir(day: date) -> Path:
    return Path(settings.LETTERS_DIR) / day.isoformat()


def letter_path(day: date, key: str) -> Path:
    return day_dir(day) / "letters" / f"{key}.pdf"


def render_pdf(html: str) -> bytes:
    # Imported here: WeasyPrint loads Pango through cffi, which only the letter paths need.
    from weasyprint import HTML

    return bytes(HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf())


def letter_html(message: Outgoing, *, sender: str, day: date) -> str:
    paragraphs = [p.strip() for p in message.body.split("\n") if p.strip()]
    with translation.override(message.language):
        return render_to_string(
            "messaging/letter.html",
            {
                "recipient": message.recipient,
                "address": message.to,
                "paragraphs": paragraphs,
                "sender": sender,
                "day": day,
                "reference": message.reference,
                "zh": message.language.startswith("zh"),
            },
        )


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class LetterPrinter:
    """The letter "provider": renders a letter into the day's batch folder, once per key."""

    name = "print"

    def __init__(self, day: date, sender: str = "") -> None:
        self.day = day
        self.sender = sender

    def send(self, message: Outgoing) -> Accepted:
        path = letter_path(self.day, message.key)
        if path.exists():
            return Accepted(self.name, sha256(path.read_bytes()), deduplicated=True)
        try:
            pdf = render_pdf(letter_html(message, sender=self.sender, day=self.day))
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(".part")
            tmp.write_bytes(pdf)
            os.replace(tmp, path)  # a reader never sees half a letter
        except OSError as exc:
            raise TransientError(f"cannot write the letter: {exc}", "io") from exc
        return Accepted(self.name, sha256(pdf))


@dataclass(frozen=True)
class Built:
    batch: PrintBatch
    path: Path
    manifest: Path


def _cell(value: Any) -> str:
    # A print house opens the manifest in a spreadsheet: a cell that starts like a formula
    # is written as text (OWASP CSV injection).
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def build_batch(day: date) -> Built | None:
    """(Re)build the day's print file from every letter sent into it; None if there is none.

    Derived only from the database and the letters' own files, so running it again after a
    crash gives the same batch."""
    from pypdf import PdfReader, PdfWriter

    batch = PrintBatch.objects.filter(day=day).first()
    if batch is None:
        return None
    letters = list(
        Message.objects.filter(batch=batch, channel=Channel.LETTER)
        .exclude(status__in=[Status.QUEUED, Status.SENDING])
        .select_related("case", "person")
        .order_by("id")
    )
    if not letters:
        return None
    sheets = []
    for n, letter in enumerate(letters, start=1):
        sheets.append(
            {
                "n": n,
                "total": len(letters),
                "name": letter.person.name,
                "address": letter.address,
                "reference": letter.case.reference,
                "key": str(letter.idempotency_key)[:8],
                "zh": letter.language.startswith("zh"),
            }
        )
    html = render_to_string("messaging/address_sheets.html", {"sheets": sheets, "day": day})
    sheet_pages = PdfReader(io.BytesIO(render_pdf(html))).pages
    writer = PdfWriter()
    rows = []
    for n, letter in enumerate(letters, start=1):
        writer.add_page(sheet_pages[n - 1])
        pdf = letter_path(day, str(letter.idempotency_key)).read_bytes()
        reader = PdfReader(io.BytesIO(pdf))
        for page in reader.pages:
            writer.add_page(page)
        rows.append(
            [n, letter.case.reference, letter.person.name, letter.address, len(reader.pages) + 1, sha256(pdf)]
        )
    folder = day_dir(day)
    folder.mkdir(parents=True, exist_ok=True)
    out = io.BytesIO()
    writer.write(out)
    data = out.getvalue()
    path = folder / f"print-{day.isoformat()}.pdf"
    tmp = path.with_suffix(".part")
    tmp.write_bytes(data)
    os.replace(tmp, path)
    manifest = folder / f"manifest-{day.isoformat()}.csv"
    with manifest.open("w", newline="", encoding="utf-8-sig") as f:
        w = csv.writer(f)
        w.writerow(["no", "case", "recipient", "address", "pages", "letter_sha256"])
        for row in rows:
            w.writerow([_cell(v) for v in row])
    batch.path = str(path)
    batch.sha256 = sha256(data)
    batch.letters = len(letters)
    batch.pages = len(writer.pages)
    batch.built_at = timezone.now()
    batch.save(update_fields=["path", "sha256", "letters", "pages", "built_at"])
    return Built(batch, path, manifest)
