"""ike_kinds: the stateless kinds of hostile datagrams of ike-hostile.py.

Each generator takes (rng, ctx) and returns (port, bytes): port 500 or 4500 (for
4500 the bytes are sent as they are: the generator adds the non-ESP marker or
leaves it out on purpose). ctx.known is a list of (spi_i, spi_r) of half-open
IKE_SAs the sender opened itself, so that some datagrams reach an IKE_SA.
"""
import os
import struct

import ikewire as w


def valid_init(rng, ctx):
    spi = rng.getrandbits(64) | 1
    return w.ike_sa_init(spi, rng.randbytes(32), rng.randbytes(32), ctx.src, ctx.dst)


def spis(rng, ctx):
    r = rng.random()
    if r < 0.3 and ctx.known:
        return rng.choice(ctx.known)
    if r < 0.6:
        return rng.getrandbits(64), 0
    if r < 0.9:
        return rng.getrandbits(64), rng.getrandbits(64)
    return 0, 0


def port_and_marker(rng, data):
    return (4500, w.NON_ESP_MARKER + data) if rng.random() < 0.3 else (500, data)


def k_random500(rng, ctx):
    n = rng.choice([0, 1, 4, 27, 28, 29, 40, rng.randrange(0, 64), rng.randrange(0, 1500)])
    return 500, rng.randbytes(n)


def k_random4500_marker(rng, ctx):
    return 4500, w.NON_ESP_MARKER + rng.randbytes(rng.choice([0, 1, 28, rng.randrange(0, 1500)]))


def k_random4500_nomarker(rng, ctx):
    r = rng.random()
    if r < 0.1:
        return 4500, b"\xff"  # a NAT keepalive
    if r < 0.2:
        return 4500, rng.randbytes(rng.randrange(0, 4))  # shorter than the marker
    if r < 0.3:
        return 4500, b"\0\0\0"  # three zeros: not a marker
    # ESP-looking: an SPI (non-zero), a sequence number, random payload
    spi = rng.getrandbits(32) | 0x100
    return 4500, struct.pack(">II", spi, rng.getrandbits(32)) + rng.randbytes(rng.randrange(0, 1400))


def k_truncated_init(rng, ctx):
    v = valid_init(rng, ctx)
    cut = rng.randrange(0, len(v))
    d = bytearray(v[:cut])
    if cut >= 28 and rng.random() < 0.5:
        d[24:28] = struct.pack(">I", cut)  # the header agrees: the payload chain is cut
    return port_and_marker(rng, bytes(d))


def k_bitflip_init(rng, ctx):
    d = bytearray(valid_init(rng, ctx))
    limit = 28 if rng.random() < 0.3 else len(d)
    for _ in range(rng.randrange(1, 9)):
        i = rng.randrange(0, limit)
        d[i] ^= 1 << rng.randrange(8)
    return port_and_marker(rng, bytes(d))


def _init_payloads(rng, ctx, spi):
    return [(w.PL_SA, w.ike_proposal()),
            (w.PL_KE, struct.pack(">HH", 31, 0) + rng.randbytes(32)),
            (w.PL_NONCE, rng.randbytes(32)),
            w.notify(w.N_NAT_SRC, rng.randbytes(20)),
            w.notify(w.N_NAT_DST, rng.randbytes(20))]


def _bad_proposal(rng):
    """An SA payload body broken in one of many ways."""
    choice = rng.randrange(10)
    t = w.transform(True, 4, 31)
    if choice == 0:
        return b""  # no proposal
    if choice == 1:  # SPI size 255 with 3 bytes of SPI
        return struct.pack(">BBHBBBB", 0, 0, 8 + 3 + len(t), 1, 1, 255, 1) + b"abc" + t
    if choice == 2:  # 255 transforms announced, one present
        return struct.pack(">BBHBBBB", 0, 0, 8 + len(t), 1, 1, 0, 255) + t
    if choice == 3:  # transform length 0 / 3 / 65535
        bad = struct.pack(">BBHBBH", 0, 0, rng.choice([0, 3, 65535]), 1, 0, 12)
        return struct.pack(">BBHBBBB", 0, 0, 8 + len(bad), 1, 1, 0, 1) + bad
    if choice == 4:  # a TLV attribute whose length runs past the end
        attr = struct.pack(">HH", 0x000E, rng.choice([2, 1000, 65535])) + b"\x00\x80"
        tr = struct.pack(">BBHBBH", 0, 0, 8 + len(attr), 1, 0, 12) + attr
        return struct.pack(">BBHBBBB", 0, 0, 8 + len(tr), 1, 1, 0, 1) + tr
    if choice == 5:  # 64 proposals
        return b"".join(w.ike_proposal(number=i + 1, last=i == 63) for i in range(64))
    if choice == 6:  # proposal length says more than there is
        p = bytearray(w.ike_proposal())
        p[2:4] = struct.pack(">H", rng.choice([0, 4, 7, len(p) + 1, 65535]))
        return bytes(p)
    if choice == 7:  # key length 0 / 1 / 65535, transform type 0 / 255
        return (struct.pack(">BBHBBBB", 0, 0, 8 + 12 + 8, 1, 1, 0, 2) +
                w.transform(False, 1, 12, struct.pack(">HH", 0x800E, rng.choice([0, 1, 65535]))) +
                w.transform(True, rng.choice([0, 255]), 31))
    if choice == 8:  # protocol 0 / 255, proposal number 0
        return struct.pack(">BBHBBBB", 0, 0, 8 + len(t), 0, rng.choice([0, 255]), 0, 1) + t
    return rng.randbytes(rng.randrange(0, 80))


def k_mutated_init(rng, ctx):
    spi = rng.getrandbits(64) | 1
    pls = _init_payloads(rng, ctx, spi)
    m = rng.randrange(12)
    if m == 0:
        pls.append(rng.choice(pls))  # a duplicate payload
    elif m == 1:
        del pls[rng.randrange(len(pls))]
    elif m == 2:
        rng.shuffle(pls)
    elif m == 3:
        pls[0] = (w.PL_SA, _bad_proposal(rng))
    elif m == 4:  # KE of group 0 / 65535 / 31 with odd sizes
        pls[1] = (w.PL_KE, struct.pack(">HH", rng.choice([0, 31, 65535]), 0) +
                  rng.randbytes(rng.choice([0, 1, 31, 33, 1000])))
    elif m == 5:  # nonce sizes outside RFC 7296's 16..256
        pls[2] = (w.PL_NONCE, rng.randbytes(rng.choice([0, 1, 15, 257, 1000])))
    elif m == 6:  # an unknown payload type, critical or not
        t = rng.choice([1, 32, 49, 54, 128, 255])
        pls.insert(rng.randrange(len(pls) + 1), (t, rng.randbytes(rng.randrange(0, 40))))
    elif m == 7:  # notify with a bogus SPI size
        pls.append((w.PL_N, struct.pack(">BBH", rng.choice([0, 1, 3]), 255, 16388) + b"x"))
    elif m == 8:
        pls = []  # no payload at all
    elif m == 9:  # 200 notifies
        pls += [w.notify(rng.choice(w.NOTIFY_TYPES), rng.randbytes(4)) for _ in range(200)]
    elif m == 10:  # SK / SKF / IDi / AUTH in an IKE_SA_INIT
        pls.append(rng.choice([(w.PL_SK, rng.randbytes(48)), (w.PL_SKF, rng.randbytes(52)),
                               (w.PL_IDI, b"\x01\0\0\0" + rng.randbytes(4)),
                               (w.PL_AUTH, b"\x02\0\0\0" + rng.randbytes(32))]))
    else:  # an empty KE / Nonce / SA body
        i = rng.randrange(3)
        pls[i] = (pls[i][0], b"")
    first, body = w.chain(pls)
    d = bytearray(w.header(spi, 0, first, w.IKE_SA_INIT, w.FLAG_I, 0, 28 + len(body)) + body)
    if m == 6 and rng.random() < 0.5:  # set the critical bit of the unknown payload
        off = 28
        for t, b in pls:
            if t not in (w.PL_SA, w.PL_KE, w.PL_NONCE, w.PL_N):
                d[off + 1] = 0x80
                break
            off += 4 + len(b)
    return port_and_marker(rng, bytes(d))


def k_notify_only(rng, ctx):
    spi_i, spi_r = spis(rng, ctx)
    exchange = rng.choice(w.EXCHANGES)
    flags = rng.choice([w.FLAG_I, w.FLAG_I, w.FLAG_R, 0, w.FLAG_I | w.FLAG_R, 0xff])
    msgid = rng.choice([0, 0, 1, 2, 0xffffffff, rng.getrandbits(32)])
    pls = []
    for _ in range(rng.choice([1, 1, 1, 2, 3])):
        protocol = rng.choice([0, 0, 1, 3, 4, 255])
        spi = rng.randbytes(rng.choice([0, 0, 4, 8]))
        data = rng.randbytes(rng.choice([0, 1, 2, 8, 8, 64, 300]))
        pls.append(w.notify(rng.choice(w.NOTIFY_TYPES), data, protocol, spi))
    return port_and_marker(rng, w.message(spi_i, spi_r, exchange, flags, msgid, pls))


def k_reproducer_like(rng, ctx):
    """The 44-octet COOKIE-only IKE_SA_INIT, with a fresh initiator SPI."""
    return port_and_marker(rng, w.message(rng.getrandbits(64) | 1, 0, w.IKE_SA_INIT, w.FLAG_I, 0,
                                          [w.notify(w.N_COOKIE, rng.randbytes(8))]))


def k_absurd_lengths(rng, ctx):
    d = bytearray(valid_init(rng, ctx))
    if rng.random() < 0.5:  # the header's length
        d[24:28] = struct.pack(">I", rng.choice([0, 1, 27, 28, 29, len(d) - 1, len(d) + 1,
                                                 65535, 0x80000000, 0xffffffff]))
    else:  # one payload's length
        off, offsets = 28, []
        while off + 4 <= len(d):
            offsets.append(off)
            off += struct.unpack(">H", d[off + 2:off + 4])[0]
        at = rng.choice(offsets)
        d[at + 2:at + 4] = struct.pack(">H", rng.choice([0, 1, 3, 4, 5, 65535, len(d) - at + 1]))
    if rng.random() < 0.2:
        d += rng.randbytes(rng.randrange(1, 64))  # trailing bytes past the length
    return port_and_marker(rng, bytes(d))


def k_skf_bogus(rng, ctx):
    """SKF payloads (RFC 7383) with numbers out of range, without valid keys."""
    spi_i, spi_r = spis(rng, ctx)
    number, total = rng.choice([(0, 0), (0, 1), (1, 0), (2, 1), (65535, 65535), (1, 65535),
                                (64, 64), (65, 65), (1, 1), (1, 2), (2, 2), (3, 2)])
    body = struct.pack(">HH", number, total) + rng.randbytes(rng.choice([0, 1, 15, 16, 31, 48, 100]))
    first = rng.choice([0, w.PL_IDI, w.PL_N, 255])
    pls = [(w.PL_SKF, body)]
    if rng.random() < 0.2:
        pls.insert(0, w.notify(w.N_COOKIE, b"x" * 8))  # SKF not alone
    f, chained = w.chain(pls)
    d = bytearray(chained)
    # the generic header's "next payload" of an SKF is the first inner payload's type
    d[len(d) - len(body) - 4] = first
    exchange = rng.choice([w.IKE_SA_INIT, w.IKE_AUTH, w.IKE_AUTH, w.CREATE_CHILD_SA,
                           w.INFORMATIONAL])
    msgid = rng.choice([0, 1, 1, 2, rng.getrandbits(32)])
    hdr = w.header(spi_i, spi_r, f, exchange, w.FLAG_I, msgid, 28 + len(d))
    return port_and_marker(rng, hdr + bytes(d))


def k_jumbo(rng, ctx):
    size = rng.choice([9000, 30000, 65000, 65507 - 4])
    if rng.random() < 0.5:
        return 500, rng.randbytes(size)
    # a header and one notify as long as the datagram
    n = w.notify(w.N_COOKIE, rng.randbytes(size - 28 - 8))
    return port_and_marker(rng, w.message(rng.getrandbits(64), 0, w.IKE_SA_INIT, w.FLAG_I, 0, [n]))


# kind: (generator, share of the stateless datagrams)
KINDS = {
    "random-500": (k_random500, 0.10),
    "random-4500-marker": (k_random4500_marker, 0.08),
    "garbage-4500-no-marker": (k_random4500_nomarker, 0.06),
    "truncated-init": (k_truncated_init, 0.12),
    "bitflip-init": (k_bitflip_init, 0.14),
    "mutated-init": (k_mutated_init, 0.14),
    "notify-only": (k_notify_only, 0.16),
    "cookie-only-init": (k_reproducer_like, 0.02),
    "absurd-lengths": (k_absurd_lengths, 0.09),
    "skf-bogus": (k_skf_bogus, 0.09),
}


def plan(total, rng):
    """The order of `total` stateless datagrams: a shuffled list of kind names, 8 of
    them jumbo datagrams."""
    jumbo = min(8, total)
    names = []
    for name, (_, share) in KINDS.items():
        names += [name] * int((total - jumbo) * share)
    names += ["random-500"] * (total - jumbo - len(names))
    names += ["jumbo"] * jumbo
    rng.shuffle(names)
    return names


def generate(name, rng, ctx):
    if name == "jumbo":
        return k_jumbo(rng, ctx)
    return KINDS[name][0](rng, ctx)


if __name__ == "__main__":  # a quick self-test: every kind builds
    import random

    class Ctx:
        src, dst, known = ("10.0.0.1", 500), ("10.0.0.2", 500), [(1, 2)]

    r = random.Random(1)
    for k in list(KINDS) + ["jumbo"]:
        for _ in range(200):
            p, b = generate(k, r, Ctx)
            assert p in (500, 4500) and len(b) <= 65507, k
    print("ok", os.path.basename(__file__))
