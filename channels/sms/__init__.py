"""SMS: one flow (:mod:`~channels.sms.flow`) behind the Twilio and Kannel gateways, replies
composed to fit the SMS parts (:mod:`~channels.sms.segments`), final notifications sent
out (:mod:`~channels.sms.outbound`, :mod:`~channels.sms.notify`)."""

from __future__ import annotations

from channels.sms.flow import SmsFlow, SmsSettings
from channels.sms.kannel import KannelSettings, kannel_sms_app
from channels.sms.ratelimit import RateLimit
from channels.sms.twilio import twilio_sms_app

__all__ = ["KannelSettings", "RateLimit", "SmsFlow", "SmsSettings", "kannel_sms_app",
           "twilio_sms_app"]
