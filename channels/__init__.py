"""Channels: translators between wire formats and neutral turns and replies, one package
per wire (``sms``, ``voice``, ``rest``, ``console``) and what they share (``common``).
No rules live here; the server (:mod:`server.app`) mounts them."""
