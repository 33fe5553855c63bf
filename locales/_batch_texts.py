"""The batch channel's texts: the acknowledgement of a file, its status, why it is refused,
and what ``dimona-talk batch`` prints.

Part of :data:`locales.texts.TEXTS`. The vocabulary is the NSSO's for batch
senders: a file gets a *ticket* (its identification number) and an
*acknowledgement* (accusé de réception: accepted or refused, depending only on
whether it can be read); each declaration then gets a *notification*. Never
sent by SMS.
"""

from __future__ import annotations

from typing import Final

from locales._base import N_

__all__ = ["BATCH_TEXTS"]

_ACKNOWLEDGEMENT: Final = {
    # TRANSLATORS: the acknowledgement (accusé de réception) of a readable batch file.
    "batch.accepted": N_(
        "Acknowledgement: file accepted, ticket %(ticket)s, %(count)s declarations. A "
        "notification follows for each declaration."),
    # TRANSLATORS: the acknowledgement of a batch file that cannot be read.
    "batch.refused": N_(
        "Acknowledgement: file refused, ticket %(ticket)s: it cannot be read (errors: "
        "%(count)s). Nothing was declared: correct the file and send it again."),
    "batch.status.accepted": N_(
        "Ticket %(ticket)s: file accepted, %(count)s declarations waiting to be processed."),
    "batch.status.processing": N_(
        "Ticket %(ticket)s: %(done)s of %(count)s declarations processed."),
    "batch.status.done": N_(
        "Ticket %(ticket)s: all %(count)s declarations processed, each with its notification."),
    "batch.status.refused": N_("Ticket %(ticket)s: file refused, nothing was declared."),
    "batch.media": N_("Send the file as one of: %(types)s."),
    "batch.in_progress": N_(
        "A file with this Idempotency-Key is still being received: wait for its "
        "acknowledgement, then ask again."),
    "batch.key_reused": N_(
        "This Idempotency-Key was already used for another file: give each file its own key."),
    "batch.unknown": N_("No batch file with ticket %(ticket)s."),
    # TRANSLATORS: %(name)s is a parameter of the address, such as after or limit.
    "batch.query": N_("Wrong value for %(name)s: give a whole number."),
}

_UNREADABLE: Final = {
    "batch.encoding": N_("This line is not UTF-8 text."),
    "batch.long": N_("This line is longer than %(limit)s bytes: it is not a declaration."),
    # TRANSLATORS: %(header)s lists the column names, which stay as they are.
    "batch.header": N_("The first line must name the columns, among: %(header)s."),
    "batch.column": N_(
        "Unknown column %(column)s: name the columns with the REST field names."),
    "batch.twice": N_("The column %(column)s appears twice."),
    "batch.no_kind": N_(
        "The column kind is missing: every line says IN, OUT, UPDATE or CANCEL."),
    "batch.record": N_("This line is not a CSV record: please check its quotes."),
    "batch.fields": N_("This line has %(found)s fields, the first line %(expected)s."),
    "batch.kind": N_("Unknown kind: write IN, OUT, UPDATE or CANCEL."),
    "batch.json": N_("This line is not JSON."),
    "batch.empty": N_("The file holds no declaration."),
    "batch.too_large": N_(
        "The file is larger than %(limit)s bytes: please split it into smaller files."),
}

_COMMAND: Final = {
    # TRANSLATORS: the label of the progress bar of dimona-talk batch submit.
    "batch.cli.progress": N_("Declarations"),
    "batch.cli.summary": N_(
        "Ticket %(ticket)s: %(count)s declarations: %(accepted)s accepted, %(warnings)s with "
        "warnings, %(refused)s refused, %(pending)s pending."),
    # TRANSLATORS: how to fetch the notifications; %(command)s is a command line.
    "batch.cli.next": N_("Notifications: %(command)s"),
    "batch.cli.written": N_("Notifications written to %(file)s: %(count)s."),
    "batch.cli.unreadable": N_("Cannot read %(file)s: %(reason)s."),
    "batch.cli.format": N_(
        "Cannot tell the format of %(file)s: name it .csv, or .ndjson for JSON lines."),
    "batch.cli.unreachable": N_("Cannot reach %(url)s: %(reason)s."),
    "batch.cli.key": N_("This key is not known here."),
    # TRANSLATORS: %(status)s is an HTTP status code, %(message)s the server's message.
    "batch.cli.http": N_("The service answered %(status)s: %(message)s"),
}

BATCH_TEXTS: Final = {**_ACKNOWLEDGEMENT, **_UNREADABLE, **_COMMAND}
