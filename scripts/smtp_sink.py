#!/usr/bin/python3
"""A real local SMTP server for the tests (Debian's python3-aiosmtpd).

Every message it receives is decoded and written to DIR as NNNNNN.json
({"from", "to", "subject", "body"}) so that tests can read what arrived.
Prints READY once it listens; runs until it is killed.
"""
import argparse
import asyncio
import email
import email.policy
import json
import os
import signal
import threading

from aiosmtpd.controller import Controller


class Store:
    def __init__(self, directory):
        self.directory = directory
        self.lock = threading.Lock()
        os.makedirs(directory, exist_ok=True)
        # counted once at start (a restarted sink goes on numbering): a burst of 20,000 mails
        # must not list the folder for each one
        self.count = len([n for n in os.listdir(directory) if n.endswith(".json")])

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        body = message.get_body(preferencelist=("plain", "html"))
        record = {
            "from": envelope.mail_from,
            "to": list(envelope.rcpt_tos),
            "subject": str(message.get("subject", "")),
            "message_id": str(message.get("message-id", "")),
            "body": body.get_content() if body is not None else "",
        }
        with self.lock:
            self.count += 1
            path = os.path.join(self.directory, f"{self.count:06d}.json")
            tmp = path + ".tmp"
            with open(tmp, "w", encoding="utf-8") as out:
                json.dump(record, out, ensure_ascii=False)
            os.replace(tmp, path)
        return "250 Message accepted for delivery"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--dir", required=True)
    args = parser.parse_args()
    controller = Controller(Store(args.dir), hostname=args.host, port=args.port)
    controller.start()
    print("READY", flush=True)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    stop.wait()
    controller.stop()


if __name__ == "__main__":
    main()
