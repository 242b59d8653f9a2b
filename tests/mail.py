"""Real SMTP servers on loopback (aiosmtpd) for the mail tests: one that delivers, and
one that hangs like a stuck relay until it is told to recover."""

import asyncio
import email

from aiosmtpd.controller import Controller

from scripts.prodserver import free_port


class Inbox:
    """An aiosmtpd handler that keeps every message it is sent.

    While `hanging` is set it takes the message but never answers, as a stuck relay
    does; once the client has given up, the message is dropped, not delivered.
    """

    def __init__(self):
        self.messages = []
        self.attempts = 0
        self.hanging = False

    async def handle_DATA(self, server, session, envelope):
        self.attempts += 1
        if self.hanging:
            while self.hanging:
                await asyncio.sleep(0.05)
            return "421 Service not available"
        self.messages.append(email.message_from_bytes(envelope.content))
        return "250 Message accepted"


def use_smtp(settings, port, timeout=5):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_TIMEOUT = timeout


class SmtpServer:
    """Start an aiosmtpd server for `inbox` on a free port; stop() ends any hang first."""

    def __init__(self, inbox):
        self.inbox = inbox
        self.controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
        self.controller.start()
        self.port = self.controller.port

    def stop(self):
        self.inbox.hanging = False
        self.controller.stop()
