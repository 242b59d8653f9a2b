"""Real SMTP servers on loopback (aiosmtpd) for the mail tests: one that delivers, and
one that hangs like a stuck relay until it is told to recover, and one that stops at a
chosen step of the conversation until the test lets it on."""

import asyncio
import email
import threading

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


class GatedInbox(Inbox):
    """An inbox a test can stop at one step of the SMTP conversation, to place a fault.

    With `gate` set to "RCPT" it holds the recipient command unanswered, before the message
    is sent; with "DATA" it holds the message, received but not yet accepted. `arrived` is
    set when a client waits at the gate; `release` lets it on (DATA is then accepted and
    kept). `delay` slows every accepted message, to keep sends under way."""

    def __init__(self):
        super().__init__()
        self.gate = None
        self.arrived = threading.Event()
        self.release = threading.Event()
        self.delay = 0.0

    async def _wait_at(self, step):
        if self.gate == step:
            self.arrived.set()
            while not self.release.is_set():
                await asyncio.sleep(0.02)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        await self._wait_at("RCPT")
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        await self._wait_at("DATA")
        if self.delay:
            await asyncio.sleep(self.delay)
        return await super().handle_DATA(server, session, envelope)

    def close_gate(self, step):
        self.arrived.clear()
        self.release.clear()
        self.gate = step

    def open_gate(self):
        self.release.set()
        self.gate = None
