"""The web pages' texts: ``web.*``, shown in a browser only (never sent by SMS).

Part of :data:`locales.texts.TEXTS`. Field labels come from ``field.*``, worker types,
committees, kinds and results from their own families; these are the rest.
"""

from __future__ import annotations

from typing import Final

from locales._base import N_

__all__ = ["WEB_TEXTS"]

WEB_TEXTS: Final = {
    "web.skip": N_("Skip to the content"),
    "web.nav.label": N_("Sections"),
    "web.nav.home": N_("Home"),
    "web.nav.dimona": N_("Web Dimona"),
    "web.nav.personnel": N_("Personnel file"),
    "web.nav.phone": N_("Phone simulator"),
    "web.language": N_("Language"),
    "web.lang.fr": N_("French"),
    "web.lang.nl": N_("Dutch"),
    "web.lang.de": N_("German"),
    "web.lang.en": N_("English"),
    "web.demo": N_("Demo mode: the demo employers are open without a key."),
    "web.home.title": N_("Declare, consult, try the phone"),
    "web.home.intro": N_(
        "Every page files and reads through the same rules as the SMS, voice and API "
        "channels."),
    "web.home.dimona": N_(
        "Declare a start (IN), an end (OUT), a change or a cancellation, screen by "
        "screen, and print the receipt."),
    "web.home.personnel": N_(
        "An employer's periods by worker, filtered, with the declarations of each, "
        "exported as CSV."),
    "web.home.phone": N_(
        "Try the SMS conversation and a phone call before a number exists, with the "
        "diagrams of the dialogs."),
    "web.key.title": N_("Employer key"),
    "web.key.intro": N_(
        "Type the key you were given for your employer: the pages then show that "
        "employer's data only."),
    "web.key.label": N_("Key"),
    "web.key.open": N_("Open"),
    "web.key.wrong": N_("This key opens nothing: check it, or ask for a new one."),
    "web.key.forget": N_("Forget the key"),
    "web.dimona.title": N_("Dimona declaration"),
    "web.start.employer": N_("Identify the employer"),
    "web.start.identified_by": N_("Identified by"),
    "web.enterprise_number": N_("Enterprise number"),
    "web.nsso_number": N_("NSSO number"),
    "web.start.employer_hint": N_("Without dots, dashes or spaces."),
    "web.start.yours": N_("Employers open here:"),
    "web.start.kind": N_("Select the type of declaration"),
    "web.kind.IN": N_("Declare a new worker, or a new period for a worker."),
    "web.kind.OUT": N_("End a period."),
    "web.kind.UPDATE": N_("Change a period."),
    "web.kind.CANCEL": N_("Cancel a period."),
    "web.start.period_hint": N_("Optional: without it, you choose the period among the worker's."),
    "web.next": N_("Next"),
    "web.previous": N_("Previous"),
    "web.discard": N_("Discard"),
    "web.confirm": N_("Confirm"),
    "web.select": N_("Select"),
    "web.required": N_("Fields marked * are required."),
    "web.progress.label": N_("Steps of the declaration"),
    "web.progress.employer": N_("Employer"),
    "web.progress.worker": N_("Worker"),
    "web.progress.features": N_("Characteristics"),
    "web.progress.pick": N_("Period to change"),
    "web.progress.period": N_("Dates"),
    "web.progress.summary": N_("Overview"),
    "web.employer.title": N_("Identification of the employer"),
    "web.name": N_("Name"),
    "web.worker.title": N_("Identification of the worker"),
    "web.worker.how": N_("The worker's NISS"),
    "web.worker.known": N_("I know the NISS"),
    "web.worker.unknown": N_("I do not know the NISS"),
    "web.worker.niss_hint": N_("11 digits, on the identity card (eID) or the residence permit."),
    "web.worker.yours": N_("Or choose a worker of your personnel file:"),
    "web.worker.birth_hint": N_("dd/mm/yyyy; 00/00/yyyy when only the year is known."),
    "web.worker.country_hint": N_("NSSO country code, 5 digits (Belgium: 00150)."),
    "web.sex.1": N_("Man"),
    "web.sex.2": N_("Woman"),
    "web.features.title": N_("Characteristics of the period"),
    "web.features.refresh": N_("Show the worker types of this committee"),
    "web.features.types_hint": N_("Only the types the joint committee accepts are listed."),
    "web.features.agency": N_("User company (temporary work)"),
    "web.features.agency_hint": N_(
        "Only for joint committee 322: the user's enterprise number, or a foreign user's "
        "name and address, and its joint committee."),
    "web.features.user_address": N_("User's address"),
    "web.pick.title": N_("Choose the period"),
    "web.pick.legend": N_("Live periods of the worker %(ssin)s"),
    "web.pick.choose": N_("Choose"),
    "web.pick.none": N_(
        "This worker has no live period with this employer: check the NISS, or type the "
        "period number on the first screen."),
    "web.status": N_("Status"),
    "web.status.active": N_("active"),
    "web.status.pending": N_("pending"),
    "web.status.cancelled": N_("cancelled"),
    "web.no_end": N_("no end"),
    "web.period.title": N_("Details of the period"),
    "web.period.out": N_("End of the period"),
    "web.period.update": N_("Change of the period"),
    "web.period.update_hint": N_("Change what is different; what stays as it is does not change."),
    "web.period.remove_end": N_("Remove the end date"),
    "web.hint.date": N_("dd/mm/yyyy, or the calendar."),
    "web.hint.hour": N_("hh:mm"),
    "web.summary.title": N_("Overview of the declaration"),
    "web.summary.check": N_("Check everything: nothing is sent before you confirm."),
    "web.summary.details": N_("Details of the declaration"),
    "web.summary.expected": N_("If you confirm now: %(result)s"),
    "web.summary.pending": N_(
        "The worker is not known to the identity registry yet: the declaration will wait "
        "for the identification, and its final result will follow."),
    "web.summary.changed": N_(
        "The declaration changed since this overview was shown: check it again, then "
        "confirm."),
    "web.receipt.title": N_("Confirmation of receipt"),
    "web.receipt.intro": N_("We confirm receipt of your declaration, detailed below."),
    "web.receipt.print_hint": N_("To print it, use your browser's Print command."),
    "web.print": N_("Print"),
    "web.receipt.declarations": N_("Declaration"),
    "web.receipt.kind": N_("Type of declaration"),
    "web.receipt.number": N_("Declaration number"),
    "web.receipt.status": N_("Status of the declaration"),
    "web.receipt.sent": N_("Date and time sent"),
    "web.receipt.start": N_("Start"),
    "web.receipt.end": N_("End"),
    "web.receipt.employer": N_("Employer data"),
    "web.receipt.worker": N_("Worker data"),
    "web.receipt.remarks": N_("Remarks"),
    "web.receipt.refused": N_("Why it was refused, and what to fix"),
    "web.receipt.again": N_("A new declaration"),
    "web.error.title": N_("Something needs your attention"),
    "web.error.fields": N_("Please correct the fields marked below."),
    "web.error.form": N_(
        "This form has expired or did not come from this site: nothing was done. Please "
        "open the page again and retry."),
    "web.error.gone": N_(
        "That declaration was discarded or has expired: nothing was sent. Please start "
        "again."),
    "web.error.not_yours": N_(
        "Your key does not open this employer: use the number of your own employer."),
    "web.personnel.from": N_("From"),
    "web.personnel.to": N_("To"),
    "web.personnel.filter": N_("Filter"),
    "web.personnel.export": N_("Export as CSV"),
    "web.personnel.count": N_("Periods shown: %(count)s"),
    "web.personnel.none": N_("No period matches these filters."),
    "web.personnel.no_name": N_("Worker not identified yet"),
    "web.personnel.no_niss": N_("without NISS"),
    "web.personnel.periods_of": N_("Periods of %(name)s"),
    "web.personnel.hours": N_("Hours"),
    "web.personnel.planned": N_("%(hours)s h planned"),
    "web.personnel.pending_hint": N_("waiting for the identification of the worker"),
    "web.personnel.history": N_("Declarations of this period: %(count)s"),
    "web.phone.intro": N_(
        "An SMS and a call to try the conversation: the very flow and dialogs of the SMS "
        "and voice gateways, on a simulated phone."),
    "web.phone.lang": N_("Language of the phone"),
    "web.phone.reset": N_("Use this employer and start again"),
    "web.phone.number": N_(
        "Your simulated phone: %(phone)s (a number for drama, never a real phone). PIN "
        "for calls: %(pin)s."),
    "web.phone.sms": N_("SMS"),
    "web.phone.thread": N_("Messages"),
    "web.phone.in": N_("You"),
    "web.phone.out": N_("dimona-talk"),
    "web.phone.message": N_("Message"),
    "web.phone.sms_hint": N_(
        "One question at a time, or everything in one message: IN 85073100130 302 EXT "
        "15/12 18h-23h"),
    "web.phone.send": N_("Send"),
    "web.phone.call": N_("Call"),
    "web.phone.transcript": N_("What is said"),
    "web.phone.ended": N_("The call has ended."),
    "web.phone.dial": N_("Call dimona-talk"),
    "web.phone.keypad": N_("Keypad"),
    "web.phone.digits": N_("Several keys at once (a NISS, a date...)"),
    "web.phone.send_keys": N_("Type these keys, then hash"),
    "web.phone.speech": N_("What you say"),
    "web.phone.say": N_("Say it"),
    "web.phone.hangup": N_("Hang up"),
    "web.phone.diagrams": N_("The dialogs"),
    "web.phone.diagrams_hint": N_(
        "Drawn from the dialogs' machines; the phase of your conversation is marked."),
    "web.phone.dialog": N_("Dialog %(name)s"),
    "web.phone.moves": N_("The moves, as a table"),
    "web.phone.from": N_("From phase"),
    "web.phone.to": N_("To phase"),
    "web.phone.triggers": N_("Triggers"),
}
