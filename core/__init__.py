"""The validation core: identifiers, reference tables, declarations and the personnel file.

Nothing in here knows about channels or languages: errors and anomalies are
codes with parameters, and every rule that depends on time reads an injected
:class:`core.clock.Clock`.
"""
