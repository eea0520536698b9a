#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""xfrm-capture.py FILE [SECONDS]: saves the XFRM netlink notifications of the
current network namespace into FILE, raw (the nlmsghdr-framed messages as the
kernel sends them: what `ip xfrm monitor file FILE` reads), until SECONDS
pass without one (default 2). Prints "ready" once it listens."""
import socket
import sys

NETLINK_XFRM = 6
XFRMNLGRP_MAX = 10  # ACQUIRE .. MAPPING

sock = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, NETLINK_XFRM)
sock.bind((0, (1 << XFRMNLGRP_MAX) - 1))
sock.settimeout(float(sys.argv[2]) if len(sys.argv) > 2 else 2.0)
with open(sys.argv[1], "wb") as out:
    print("ready", flush=True)
    try:
        while True:
            out.write(sock.recv(1 << 16))
            out.flush()
    except socket.timeout:
        pass
