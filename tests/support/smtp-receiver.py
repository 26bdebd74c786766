#!/usr/bin/env python3
"""A loopback SMTP server for the tests (Debian's python3-aiosmtpd): STARTTLS required, AUTH
(PLAIN/LOGIN, only over TLS) required with one user and password. Each message received is
written to OUTDIR as NNNN.eml with NNNN.json beside it (mail_from, rcpt_tos, the login and
whether TLS was on), the .json renamed into place last. Prints "ready PORT" once it listens;
runs until SIGTERM.

usage: smtp-receiver.py CERT KEY USER PASSWORD OUTDIR
"""
import json
import os
import signal
import socket
import ssl
import sys

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

cert, key, user, password, outdir = sys.argv[1:6]


class Handler:
    async def handle_DATA(self, server, session, envelope):
        number = len([n for n in os.listdir(outdir) if n.endswith(".json")])
        base = os.path.join(outdir, "%04d" % number)
        with open(base + ".eml", "wb") as f:
            f.write(envelope.original_content or envelope.content)
        meta = {
            "mail_from": envelope.mail_from,
            "rcpt_tos": envelope.rcpt_tos,
            "authenticated": bool(session.authenticated),
            "login": session.auth_data if isinstance(session.auth_data, str) else None,
            "tls": session.ssl is not None,
        }
        with open(base + ".tmp", "w") as f:
            json.dump(meta, f)
        os.rename(base + ".tmp", base + ".json")
        return "250 OK"


def authenticator(server, session, envelope, mechanism, auth_data):
    if (isinstance(auth_data, LoginPassword) and auth_data.login == user.encode()
            and auth_data.password == password.encode()):
        return AuthResult(success=True, auth_data=user)
    return AuthResult(success=False, handled=False)


probe = socket.socket()
probe.bind(("127.0.0.1", 0))
port = probe.getsockname()[1]
probe.close()

context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
context.load_cert_chain(cert, key)
controller = Controller(Handler(), hostname="127.0.0.1", port=port, tls_context=context,
                        require_starttls=True, auth_required=True, auth_require_tls=True,
                        authenticator=authenticator)
controller.start()
print("ready %d" % port, flush=True)
signal.signal(signal.SIGTERM, lambda *_: (controller.stop(), sys.exit(0)))
while True:
    signal.pause()
