"""Phones enrolled to declare for an employer (with a hashed PIN for voice calls)."""

from __future__ import annotations

from typing import Protocol

from core.model import Enrollment

__all__ = ["EnrollmentStore"]


class EnrollmentStore(Protocol):
    async def enroll_phone(self, phone: str, employer_id: int, language: str | None,
                           pin: str | None) -> None: ...
    async def phone_enrollments(self, phone: str) -> list[Enrollment]: ...
    async def employer_phones(self, employer_id: int | None) -> list[Enrollment]: ...
    async def remove_phone(self, phone: str, employer_id: int | None) -> int: ...
