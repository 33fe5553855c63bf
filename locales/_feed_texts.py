"""The feed's texts: what ``dimona-talk subscribers`` prints and the feed routes answer.

Part of :data:`locales.texts.TEXTS`. ``subscribers.*`` are printed in a
terminal (not sent by SMS); ``api.*`` are errors of ``/api/v1``.
"""

from __future__ import annotations

from typing import Final

from locales._base import N_

__all__ = ["FEED_TEXTS"]

FEED_TEXTS: Final = {
    "api.forbidden": N_("This key may not make this request."),
    "api.paused": N_("This subscription is paused: ask the operator of the service to "
                     "resume it."),
    # TRANSLATORS: %(field)s is a query parameter (after, limit, wait, ssin).
    "api.bad_parameter": N_("The value %(value)s of %(field)s is not valid."),
    # TRANSLATORS: %(deliberation)s is the reference of a deliberation of the Information
    # Security Committee, such as CSI/24/123.
    "subscribers.added": N_("Subscriber %(name)s added, under deliberation %(deliberation)s."),
    "subscribers.key": N_(
        "Its key, shown only now (keep it: only its hash is stored): %(key)s"),
    "subscribers.secret": N_(
        "The secret its webhook requests are signed with (Standard Webhooks): %(secret)s"),
    "subscribers.taken": N_("A subscriber named %(name)s already exists."),
    "subscribers.empty": N_("A subscriber needs a name and a deliberation reference."),
    "subscribers.bad_webhook": N_("Not a web address: %(url)s. Give one with http:// or "
                                  "https://."),
    "subscribers.bad_stream": N_("Not a stream name: %(stream)s. Use letters, digits, - and _."),
    "subscribers.bad_employer": N_("Not an enterprise number nor an NSSO number: %(value)s."),
    "subscribers.bad_committee": N_("Not a joint committee of the Dimona: %(value)s."),
    "subscribers.bad_field": N_("Unknown field %(value)s. The fields are: %(fields)s."),
    "subscribers.unknown": N_("No subscriber is named %(name)s."),
    "subscribers.removed": N_("Subscriber %(name)s removed: its key no longer opens anything."),
    "subscribers.paused": N_(
        "Subscriber %(name)s paused: nothing is pushed or pulled until it is resumed."),
    "subscribers.resumed": N_("Subscriber %(name)s resumed: its pushes go on where they "
                              "stopped."),
    "subscribers.none": N_("No subscribers."),
    # TRANSLATORS: stands for a list of employers, committees or fields with no limit.
    "subscribers.all": N_("all"),
    "subscribers.state.active": N_("in service"),
    "subscribers.state.paused": N_("paused"),
    # TRANSLATORS: one subscriber of a list; %(state)s is active or paused.
    "subscribers.item": N_(
        "%(name)s  deliberation %(deliberation)s  %(state)s  employers: %(employers)s  "
        "committees: %(committees)s  fields: %(fields)s"),
    # TRANSLATORS: one push of a subscriber: %(target)s is webhook or stream, %(where)s its
    # URL or stream name; %(delivered)s and %(last)s are sequence numbers of the feed;
    # %(owner)s is the process delivering it.
    "subscribers.push": N_(
        "  %(target)s %(where)s: delivered up to %(delivered)s of %(last)s, "
        "%(failures)s failures in a row (last: %(problem)s at %(attempt)s), "
        "next try %(retry)s, by %(owner)s"),
}
