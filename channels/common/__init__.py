"""What every channel shares: the webhook guard and reader, redeliveries, phone numbers,
the Twilio signature, and the dialog as a channel sees it. Nothing here loads a dialog
engine or a store implementation."""
