"""A real webhook receiver for the delivery and daemon tests (standard library only).

Run with /usr/bin/python3. Listens on 127.0.0.1 at a free port and prints "ready <port>" once
it accepts connections. It checks each POST's Standard Webhooks signature itself: HMAC-SHA256
over "{webhook-id}.{webhook-timestamp}.{body}" with the key that follows "whsec_" in the secret
(base64), compared with every "v1,<base64>" in webhook-signature (space-separated). Each request
is appended to the record file as one JSON line; a request cut short (the sender died) is not.
Stops on SIGTERM.

Usage: webhook_receiver.py SECRET RECORD MODE
Modes: ok (200), fail-once (500, then 200), gone (410), throttle (429, Retry-After: 7),
unavailable-until (503, Retry-After: an HTTP-date 30 s ahead), slow (sleeps 30 s, then 200),
held (recorded at once, then 200 only once the file RECORD.release exists), redirect:URL (302 to URL).
"""

import base64
import email.utils
import hashlib
import hmac
import json
import os
import signal
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

SECRET, RECORD, MODE = sys.argv[1], sys.argv[2], sys.argv[3]
KEY = base64.b64decode(SECRET[len("whsec_"):])
lock = threading.Lock()
requests_seen = 0


def signature_valid(webhook_id, timestamp, body, header):
    signed = webhook_id.encode() + b"." + timestamp.encode() + b"." + body
    expected = base64.b64encode(hmac.new(KEY, signed, hashlib.sha256).digest()).decode()
    for candidate in header.split(" "):
        version, _, value = candidate.partition(",")
        if version == "v1" and hmac.compare_digest(value, expected):
            return True
    return False


class Receiver(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def do_POST(self):
        global requests_seen
        length = int(self.headers.get("content-length", "0"))
        body = self.rfile.read(length)
        if len(body) < length:
            # The sender died mid-request (the crash test kills bvd): nothing was delivered.
            self.close_connection = True
            return
        webhook_id = self.headers.get("webhook-id", "")
        timestamp = self.headers.get("webhook-timestamp", "")
        with lock:
            requests_seen += 1
            number = requests_seen
            with open(RECORD, "a") as out:
                out.write(json.dumps({
                    "id": webhook_id,
                    "timestamp": timestamp,
                    "valid": signature_valid(webhook_id, timestamp, body, self.headers.get("webhook-signature", "")),
                    "content_type": self.headers.get("content-type"),
                    "user_agent": self.headers.get("user-agent"),
                    "path": self.path,
                    "body": body.decode("utf-8", "replace"),
                }) + "\n")
        if MODE == "ok" or (MODE == "fail-once" and number > 1):
            self.answer(200, b'{"ok":true}')
        elif MODE == "fail-once":
            self.answer(500, b"database unavailable")
        elif MODE == "gone":
            self.answer(410, b"this endpoint was removed")
        elif MODE == "throttle":
            self.answer(429, b"slow down", {"Retry-After": "7"})
        elif MODE == "unavailable-until":
            self.answer(503, b"maintenance", {"Retry-After": email.utils.formatdate(time.time() + 30, usegmt=True)})
        elif MODE == "slow":
            time.sleep(30)
            self.answer(200, b"late")
        elif MODE == "held":
            deadline = time.time() + 120
            while not os.path.exists(RECORD + ".release") and time.time() < deadline:
                time.sleep(0.02)
            self.answer(200, b'{"ok":true}')
        elif MODE.startswith("redirect:"):
            self.answer(302, b"", {"Location": MODE[len("redirect:"):]})
        else:
            self.answer(400, b"unknown mode")

    def answer(self, status, body, headers=None):
        try:
            self.send_response(status)
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass


signal.signal(signal.SIGTERM, lambda *_: os._exit(0))
server = ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
server.daemon_threads = True
print("ready", server.server_address[1], flush=True)
server.serve_forever()
