"""REST: ``/api/v1`` (:mod:`~channels.rest.api`), the NSSO envelope it reads
(:mod:`~channels.rest.envelope`) and the OpenAPI document that describes it
(:mod:`~channels.rest.openapi`)."""

from __future__ import annotations

from channels.rest.api import ApiSettings, api_app

__all__ = ["ApiSettings", "api_app"]
