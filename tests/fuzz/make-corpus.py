#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""make-corpus.py PCAP... OUTDIR: one file per IKE datagram of the captures (UDP
payloads to/from port 500, and to/from 4500 with the non-ESP marker stripped), named
CAPTURE-NN.bin, as the seed corpus of fuzz_ike_codec (see meson.build)."""
import os
import struct
import sys


def datagrams(path):
    data = open(path, 'rb').read()
    magic = data[:4]
    endian = '<' if magic in (b'\xd4\xc3\xb2\xa1', b'\x4d\x3c\xb2\xa1') else '>'
    if struct.unpack(endian + 'I', data[20:24])[0] != 1:
        sys.exit(f'{path}: only Ethernet captures are read')
    at = 24
    while at + 16 <= len(data):
        caplen = struct.unpack(endian + 'I', data[at + 8:at + 12])[0]
        frame = data[at + 16:at + 16 + caplen]
        at += 16 + caplen
        if frame[12:14] != b'\x08\x00' or frame[23] != 17:
            continue
        ip = frame[14:]
        udp = ip[(ip[0] & 15) * 4:]
        sport, dport = struct.unpack('>HH', udp[:4])
        payload = udp[8:]
        if 4500 in (sport, dport):
            if payload[:4] != b'\0\0\0\0':
                continue
            payload = payload[4:]
        elif 500 not in (sport, dport):
            continue
        yield payload


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    out = sys.argv[-1]
    os.makedirs(out, exist_ok=True)
    for pcap in sys.argv[1:-1]:
        name = os.path.basename(pcap).rsplit('.', 1)[0]
        for i, payload in enumerate(datagrams(pcap), 1):
            with open(os.path.join(out, f'{name}-{i:02d}.bin'), 'wb') as f:
                f.write(payload)


main()
