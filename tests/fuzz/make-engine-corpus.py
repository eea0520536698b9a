#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Writes the seed corpus of fuzz_ike_engine (tests/fuzz/corpus-ike_engine):
inputs in the record format of fuzz_ike_engine.cpp that reach each handler."""
import os
import struct
import sys

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "corpus-ike_engine")
IKE_AUTH, CREATE_CHILD_SA, INFORMATIONAL = 35, 36, 37
SA, KE, IDI, AUTH, NONCE, NOTIFY, DELETE, TSI, TSR = 33, 34, 35, 39, 40, 41, 42, 44, 45


def payloads(items):
    """items: [(type, body)] -> (first type, chained bytes)"""
    out = b""
    for i, (_, body) in enumerate(items):
        nxt = items[i + 1][0] if i + 1 < len(items) else 0
        out += struct.pack("!BBH", nxt, 0, 4 + len(body)) + body
    return (items[0][0] if items else 0), out


def notify(kind, data=b"", proto=0, spi=b""):
    return (NOTIFY, struct.pack("!BBH", proto, len(spi), kind) + spi + data)


def record(kind, data):
    return struct.pack("!BH", kind, len(data)) + data


def sealed(exchange, items, raw=False):
    first, chain = payloads(items)
    return record(3 if raw else 2, bytes([exchange, first]) + chain)


def esp_sa(spi=b"\xc1\x02\x03\x04"):
    # proposal 1, ESP, AES-CBC-128, HMAC-SHA2-256-128, no ESN
    transforms = [(1, 12, struct.pack("!HH", 0x800E, 128)), (3, 12, b""), (5, 0, b"")]
    tb = b""
    for i, (ttype, tid, attr) in enumerate(transforms):
        last = 0 if i + 1 == len(transforms) else 3
        tb += struct.pack("!BBHBBH", last, 0, 8 + len(attr), ttype, 0, tid) + attr
    prop = struct.pack("!BBHBBBB", 0, 0, 8 + len(spi) + len(tb), 1, 3, len(spi), len(transforms))
    return (SA, prop + spi + tb)


def ts(address):
    sel = struct.pack("!BBHHH", 7, 0, 16, 0, 65535) + bytes(address) * 2
    return struct.pack("!B3x", 1) + sel


SEEDS = {
    "dpd": b"\x01" + sealed(INFORMATIONAL, []),
    "cookie-only-init": b"\x00" + record(0, bytes.fromhex(
        "1122334455667788000000000000000029202208000000000000002c0000001000004006"
        "4141414141414141")),
    "auth-notify-only": b"\x00" + sealed(IKE_AUTH, [notify(16390, b"AAAAAAAA")]),
    "child-create": b"\x01" + sealed(CREATE_CHILD_SA, [
        esp_sa(), (NONCE, b"\x11" * 32), (TSI, ts([192, 168, 27, 128])),
        (TSR, ts([192, 168, 27, 132]))]),
    "child-no-nonce": b"\x01" + sealed(CREATE_CHILD_SA, [
        notify(16390, b"\x01" * 8), esp_sa(), (TSI, ts([192, 168, 27, 128])),
        (TSR, ts([192, 168, 27, 132]))]),
    "child-rekey": b"\x01" + sealed(CREATE_CHILD_SA, [
        notify(16393, proto=3, spi=b"\xc0\x00\x00\x01"), esp_sa(), (NONCE, b"\x22" * 32),
        (TSI, ts([192, 168, 27, 128])), (TSR, ts([192, 168, 27, 132]))]),
    "ike-rekey-no-ke": b"\x01" + sealed(CREATE_CHILD_SA, [(SA, bytes.fromhex(
        "0000002c01010803030000080100000c800e0080030000080300000c0300000802000005000000080400001f")),
        (NONCE, b"\x33" * 32)]),
    "delete-ike": b"\x01" + sealed(INFORMATIONAL, [(DELETE, struct.pack("!BBH", 1, 0, 0))]),
    "raw-skf": b"\x01" + sealed(INFORMATIONAL, [notify(16384)], raw=True),
    "time-passes": b"\x01" + record(4, b"\x3c") + record(4, b"\xff") + sealed(INFORMATIONAL, []),
    "garbage-4500": b"\x00" + record(1, b"\x00\x00\x00\x00" + b"\xff" * 40),
}

os.makedirs(OUT, exist_ok=True)
for name, data in SEEDS.items():
    with open(os.path.join(OUT, name), "wb") as f:
        f.write(data)
print(f"{len(SEEDS)} seeds in {OUT}", file=sys.stderr)
