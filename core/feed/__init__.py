"""The personnel file as institutions see it: mutations, scopes, subscribers.

Every accepted change of the personnel file is recorded as a :class:`Mutation`
in the unit of work that makes the change (an outbox): the store numbers it
gap-free, in commit order. An institution (a :class:`Subscriber`) follows them
by pull, push or broker, through its :class:`Scope` — the employers, joint
committees and fields its deliberation allows. See ``docs/feed.md``.
"""

from __future__ import annotations

from core.feed.mutation import Change, Mutation, declared, moved, resolved
from core.feed.relations import Relation, relation_record, relations
from core.feed.scope import ALWAYS, FIELDS, PERIOD_FIELDS, Scope, ScopeError, scope_from
from core.feed.subscriber import NewSubscriber, PushState, Subscriber, Target
from core.feed.view import mutation_record, period_record

__all__ = ["ALWAYS", "FIELDS", "PERIOD_FIELDS", "Change", "Mutation", "NewSubscriber",
           "PushState", "Relation", "Scope", "ScopeError", "Subscriber", "Target", "declared",
           "moved", "mutation_record", "period_record", "relation_record", "relations",
           "resolved", "scope_from"]
