"""The web pages: the web Dimona, the personnel file and the phone simulator.

Server-rendered (aiohttp-jinja2, autoescaped templates in ``templates/``), working
without JavaScript; every word from :mod:`locales`. :func:`channels.web.app.setup_web`
adds the pages to the root application; the server hands it the parts.
"""
