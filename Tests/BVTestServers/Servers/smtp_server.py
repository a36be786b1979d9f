"""A real SMTP server for BVDeliveryTests (aiosmtpd, Debian's python3-aiosmtpd).

Run with /usr/bin/python3. Listens on 127.0.0.1 at a free port and prints "ready <port>" once
it accepts connections. Each accepted message is saved as <n>.eml (the bytes after DATA, dots
unstuffed) with <n>.json beside it (envelope sender, recipients, MAIL options, whether the
session was encrypted and authenticated). Stops on SIGTERM.

Options:
  --directory DIR          where messages go (required)
  --starttls CERT KEY      offer STARTTLS and require it before MAIL
  --implicit-tls CERT KEY  TLS from the first byte instead
  --auth USER PASSWORD     require AUTH (PLAIN or LOGIN), only over TLS
  --fail-first N           answer "451 4.3.0 try again" to the first N commands of --fail-at
  --fail-at rcpt|data      which command --fail-first refuses (default rcpt)
  --silent                 accept connections and never answer (to test reply time limits)
"""

import argparse
import json
import os
import signal
import socket
import ssl
import sys
import threading

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


class Handler:
    def __init__(self, directory, fail_first, fail_at):
        self.directory = directory
        self.failures_left = fail_first
        self.fail_at = fail_at
        self.count = 0
        self.lock = threading.Lock()

    def _refuse(self, stage):
        with self.lock:
            if self.fail_at == stage and self.failures_left > 0:
                self.failures_left -= 1
                return True
        return False

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self._refuse("rcpt"):
            return "451 4.3.0 try again"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self._refuse("data"):
            return "451 4.3.0 try again"
        with self.lock:
            self.count += 1
            number = self.count
        base = os.path.join(self.directory, str(number))
        with open(base + ".eml.part", "wb") as out:
            out.write(envelope.original_content)
        with open(base + ".json.part", "w") as out:
            json.dump({
                "mail_from": envelope.mail_from,
                "rcpt_tos": envelope.rcpt_tos,
                "mail_options": envelope.mail_options,
                "tls": session.ssl is not None,
                "authenticated": bool(session.authenticated),
                "login": getattr(session, "bvd_login", None),
            }, out)
        os.rename(base + ".json.part", base + ".json")
        os.rename(base + ".eml.part", base + ".eml")
        return "250 2.0.0 Message accepted for delivery"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--directory", required=True)
    parser.add_argument("--starttls", nargs=2, metavar=("CERT", "KEY"))
    parser.add_argument("--implicit-tls", nargs=2, metavar=("CERT", "KEY"))
    parser.add_argument("--auth", nargs=2, metavar=("USER", "PASSWORD"))
    parser.add_argument("--fail-first", type=int, default=0)
    parser.add_argument("--fail-at", choices=["rcpt", "data"], default="rcpt")
    parser.add_argument("--silent", action="store_true")
    options = parser.parse_args()

    signal.signal(signal.SIGTERM, lambda *_: os._exit(0))
    if options.silent:
        listener = socket.socket()
        listener.bind(("127.0.0.1", 0))
        listener.listen(16)
        print("ready", listener.getsockname()[1], flush=True)
        held = []
        while True:
            held.append(listener.accept()[0])
    kwargs = {"hostname": "127.0.0.1", "port": free_port(), "ident": "bvd test SMTP server"}
    for pair, key in ((options.starttls, "tls_context"), (options.implicit_tls, "ssl_context")):
        if pair:
            context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
            context.load_cert_chain(*pair)
            kwargs[key] = context
    if options.starttls:
        kwargs["require_starttls"] = True
    if options.auth:
        user, password = (value.encode() for value in options.auth)

        def authenticator(server, session, envelope, mechanism, auth_data):
            ok = isinstance(auth_data, LoginPassword) and auth_data.login == user and auth_data.password == password
            if ok:
                session.bvd_login = auth_data.login.decode()
            return AuthResult(success=ok, handled=False)

        kwargs["authenticator"] = authenticator
        # With implicit TLS aiosmtpd does not count the session as encrypted (only STARTTLS sets
        # that), so requiring TLS would hide AUTH; the connection is encrypted from the start.
        kwargs["auth_require_tls"] = not options.implicit_tls
        kwargs["auth_required"] = True

    controller = Controller(Handler(options.directory, options.fail_first, options.fail_at), **kwargs)
    controller.start()
    print("ready", controller.port, flush=True)
    threading.Event().wait()


if __name__ == "__main__":
    sys.exit(main())
