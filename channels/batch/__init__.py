"""The batch channel: a file of declarations, a ticket, an acknowledgement, a notification
per declaration.

- :mod:`~channels.batch.reader`: CSV or NDJSON lines to declarations (the REST envelope);
- :mod:`~channels.batch.receive`: a file streamed in, stored line by line, acknowledged;
- :mod:`~channels.batch.rights`: may the sender act for a line's employer;
- :mod:`~channels.batch.process`: shards claimed and judged chunk by chunk, exactly once;
- :mod:`~channels.batch.notices`: notifications as JSON lines, in the reader's language;
- :mod:`~channels.batch.http`: ``/api/v1/batches``;
- :mod:`~channels.batch.client`: the same over HTTP, for ``dimona-talk batch --url``.
"""

from __future__ import annotations

from pydantic import BaseModel, Field

__all__ = ["BatchSettings"]


class BatchSettings(BaseModel):
    """The batch channel's settings (its routes are the API's: guarded by its token)."""

    batch_max_bytes: int = Field(128 * 1024 * 1024, ge=1,
                                 description="largest batch file accepted, in bytes")
    batch_chunk: int = Field(500, ge=1, le=1_000,
                             description="batch lines judged and written per unit")
    batch_lease: float = Field(15.0, gt=0, description="seconds a process holds a batch shard "
                               "without news before another may take it over")
