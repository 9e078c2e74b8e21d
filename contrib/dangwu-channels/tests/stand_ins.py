"""The far ends the channels' tests deliver to, all on 127.0.0.1: a real SMTP server
(aiosmtpd), an HTTP receiver of linked publications that checks signatures, and an HTTP
server standing in for the SMS provider (which can fail or be slow on request)."""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import socket
import threading
import time
from email import message_from_bytes, policy
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from aiosmtpd.controller import Controller


class Mailbox:
    """What arrived at the loopback SMTP server."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        message = message_from_bytes(envelope.content, policy=policy.default)
        self.messages.append((envelope.rcpt_tos, message))
        return "250 OK"


@contextlib.contextmanager
def smtp_server():
    """A real SMTP server on loopback (no TLS, no login); yields (port, mailbox)."""
    box = Mailbox()
    with socket.socket() as probe:  # a free port (aiosmtpd checks it can connect to it)
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(box, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield port, box
    finally:
        controller.stop()


class Receiver:
    """Requests as a platform or provider receives them: body, headers, and whether the
    signature (HMAC-SHA256 over ``<timestamp>.<body>``, keyed with ``secret``) is valid."""

    def __init__(self, secret: str):
        self.secret = secret
        self.requests: list[dict] = []
        self.fail_next = 0  # answer 503 to this many requests
        self.fail_to: dict[str, int] = {}  # answer 503 to this many messages to a number
        self.refuse_to: set[str] = set()  # answer 400 (a bad number) to messages to these
        self.hold = threading.Event()  # when cleared, the ``hold_at``-th request waits
        self.hold.set()
        self.hold_at = 0
        self.held = threading.Event()  # set when a request is waiting
        self.lock = threading.Lock()

    def valid(self, timestamp: str, body: bytes, signature: str) -> bool:
        expected = hmac.new(
            self.secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256
        ).hexdigest()
        fresh = abs(time.time() - int(timestamp)) < 300
        return fresh and hmac.compare_digest("sha256=" + expected, signature)

    def keys(self) -> list[str]:
        return [r["key"] for r in self.requests]


def _handler(receiver: Receiver):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            timestamp = self.headers.get("X-Dangwu-Timestamp", "0")
            record = {
                "key": self.headers.get("X-Dangwu-Delivery") or json.loads(body).get("out_id", ""),
                "body": json.loads(body),
                "signed": receiver.valid(
                    timestamp, body, self.headers.get("X-Dangwu-Signature", "")
                ),
            }
            with receiver.lock:
                receiver.requests.append(record)
                number = len(receiver.requests)
                to = record["body"].get("to", "")
                failing = receiver.fail_next > 0 or receiver.fail_to.get(to, 0) > 0
                if receiver.fail_next > 0:
                    receiver.fail_next -= 1
                elif receiver.fail_to.get(to, 0) > 0:
                    receiver.fail_to[to] -= 1
            if number == receiver.hold_at:
                receiver.held.set()
                receiver.hold.wait(60)
            if record["body"].get("to") in receiver.refuse_to:
                self.send_response(400)
                self.end_headers()
                self.wfile.write(b"invalid mobile number")
                return
            if failing:
                self.send_response(503)
                self.end_headers()
                self.wfile.write(b"provider unavailable")
                return
            try:
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(json.dumps({"code": "OK", "id": f"m{number}"}).encode())
            except BrokenPipeError:  # the sender was killed while it waited
                pass

    return Handler


@contextlib.contextmanager
def http_receiver(secret: str):
    """An HTTP server on loopback recording every POST; yields (url, receiver)."""
    receiver = Receiver(secret)
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(receiver))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/hook", receiver
    finally:
        receiver.hold.set()
        server.shutdown()
        server.server_close()
