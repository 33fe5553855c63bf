"""The terminal: ``dimona-talk chat`` (:mod:`~channels.console.chat`) and ``dimona-talk call``
(:mod:`~channels.console.call`), trusted local channels for demos and transcripts."""
