"""hostile_sa: encrypted hostile requests of ike-hostile.py (needs python3-cryptography).

An attacker that does its own key exchange has the keys of its half-open
IKE_SA, so its messages pass the ICV check and reach the handlers:
  * on half-open IKE_SAs (one per scenario, as a refused IKE_AUTH ends the
    IKE_SA): notify-only or incomplete IKE_AUTH, CREATE_CHILD_SA and
    INFORMATIONAL requests, SKF fragments with bogus numbers and totals;
  * with the PSK (an authenticated peer, as charon is): notify-only and
    incomplete CREATE_CHILD_SA requests (CHILD and IKE rekeys, new CHILD_SAs),
    bogus DELETEs and SKF fragments on an ESTABLISHED IKE_SA, each followed by
    a liveness check (an empty INFORMATIONAL); a lost IKE_SA is opened again.
    The last request deletes the IKE_SA.
"""
import os
import socket
import struct

import ikewire as w


def ts(addr):
    """A TS payload body: one TS_IPV4_ADDR_RANGE, all protocols and ports, addr only."""
    a = socket.inet_aton(addr)
    return struct.pack(">BBH", 1, 0, 0) + struct.pack(">BBHHH", 7, 0, 16, 0, 65535) + a + a


def idi(addr):
    return struct.pack(">BBH", 1, 0, 0) + socket.inet_aton(addr)


class Sa:
    """One IKE_SA of the attacker: keys, SPIs, the next message ID."""

    def __init__(self, sender, kind):
        self.sender, self.kind = sender, kind
        # a source of its own (round robin over --sources): a responder keeps
        # at most a few half-open IKE_SAs per address (charon's block_threshold)
        pool = getattr(sender, "sa_sources", None)
        if pool:
            sender.sa_next = (getattr(sender, "sa_next", -1) + 1) % len(pool)
            self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1 << 20)
            self.sock.bind((pool[sender.sa_next], 0))
        else:
            self.sock = sender.socks[500]
        self.keypair = w.Keypair()
        self.src = self.sock.getsockname()
        r = sender.open_sa(self.sock, kind + " IKE_SA_INIT", self.keypair)
        if not r:
            self.keys = None
            return
        self.spi_i, self.spi_r, pls, self.init_request, self.ni = r
        ke = [b for t, b in pls if t == w.PL_KE][0][4:]
        nr = [b for t, b in pls if t == w.PL_NONCE][0]
        self.nr = nr
        self.keys = w.IkeKeys(self.keypair.shared(ke), self.ni, nr, self.spi_i, self.spi_r)
        self.msgid = 1
        self.child_spi = 0xc1000000 | sender.rng.getrandbits(20)

    def send(self, kind, data):
        self.sender.send(kind, 500, data)

    def sk(self, exchange, payloads, msgid=None):
        return self.keys.sk_message(self.spi_i, self.spi_r, exchange,
                                    self.msgid if msgid is None else msgid, payloads)

    def request(self, kind, exchange, payloads=None, raw=None, timeout=1.0):
        """Sends one request and waits for its answer: the inner payloads or None."""
        self.sender.flush()
        data = raw if raw is not None else self.sk(exchange, payloads)
        self.sock.sendto(data, (self.sender.dst, 500))
        self.sender.sent[kind] += 1
        got = self.sender.wait_for(self.sock, 500, self.spi_i, timeout)
        if not got:
            return None
        _, p, raw = got
        if p[4] != self.msgid or not p[3] & w.FLAG_R:
            return None
        self.msgid += 1
        answer = self.keys.open_response(raw)
        return answer if answer is not None else []

    def authenticate(self, psk, target):
        """IKE_AUTH with the PSK (RFC 7296 2.15): None when the IKE_SA is ESTABLISHED,
        else why not."""
        id_body = idi(self.src[0])
        signed = self.init_request + self.nr + w.prf(self.keys.sk_pi, id_body)
        auth = w.prf(w.prf(psk.encode(), b"Key Pad for IKEv2"), signed)
        pls = [(w.PL_IDI, id_body), (w.PL_AUTH, struct.pack(">BBH", 2, 0, 0) + auth),
               w.notify(w.N_USE_TRANSPORT), (w.PL_SA, w.esp_proposal(self.child_spi)),
               (w.PL_TSI, ts(self.src[0])), (w.PL_TSR, ts(target))]
        answer = self.request(self.kind + " IKE_AUTH", w.IKE_AUTH, pls, timeout=10.0)
        if answer is None:
            return "no answer to IKE_AUTH"
        if not any(t == w.PL_AUTH for t, _ in answer):
            return "IKE_AUTH answered with %s" % [
                t if t != w.PL_N else "N(%d)" % n for (t, _), n in
                zip(answer, [struct.unpack(">H", b[2:4])[0] if t == w.PL_N else 0
                             for t, b in answer])]
        return None

    def alive(self):
        return self.request("liveness INFORMATIONAL", w.INFORMATIONAL, []) is not None


def half_open_scenarios(sa, rng):
    """Requests on a half-open IKE_SA: (kind, datagrams)."""
    k, n = sa.keys, w.notify
    def frag(num, tot, first=None, msgid=1, inner=bytes(40)):
        """An SKF fragment; only fragment 1 names the first inner payload (RFC 7383 2.5)."""
        if first is None:
            first = w.PL_IDI if num == 1 else 0
        return k.skf_message(sa.spi_i, sa.spi_r, w.IKE_AUTH, msgid, first, num, tot, inner)

    return [
        ("IKE_AUTH notify-only COOKIE", [sa.sk(w.IKE_AUTH, [n(w.N_COOKIE, b"A" * 8)])]),
        ("IKE_AUTH notify-only INITIAL_CONTACT", [sa.sk(w.IKE_AUTH, [n(w.N_INITIAL_CONTACT)])]),
        ("IKE_AUTH empty", [sa.sk(w.IKE_AUTH, [])]),
        ("IKE_AUTH IDi only", [sa.sk(w.IKE_AUTH, [(w.PL_IDI, idi(sa.src[0]))])]),
        ("IKE_AUTH IDi AUTH without SA/TS", [sa.sk(w.IKE_AUTH, [
            (w.PL_IDI, idi(sa.src[0])), (w.PL_AUTH, b"\x02\0\0\0" + os.urandom(32))])]),
        ("IKE_AUTH wrong AUTH", [sa.sk(w.IKE_AUTH, [
            (w.PL_IDI, idi(sa.src[0])), (w.PL_AUTH, b"\x02\0\0\0" + os.urandom(32)),
            (w.PL_SA, w.esp_proposal(0xc1234567)), (w.PL_TSI, ts(sa.src[0])),
            (w.PL_TSR, ts(sa.sender.dst))])]),
        ("CREATE_CHILD_SA notify-only REKEY_SA on half-open",
         [sa.sk(w.CREATE_CHILD_SA, [n(w.N_REKEY_SA, b"", 3, b"\xc1\0\0\1")])]),
        ("INFORMATIONAL on half-open", [sa.sk(w.INFORMATIONAL, [n(w.N_COOKIE, b"x")]),
                                        sa.sk(w.INFORMATIONAL, [], msgid=2)]),
        ("SK message ID 0 (the IKE_SA_INIT's)", [sa.sk(w.IKE_AUTH, [n(w.N_COOKIE)], msgid=0)]),
        ("SK bad ICV, unknown inner payload", [sa.sk(w.IKE_AUTH, [n(w.N_COOKIE)])[:-16] + bytes(16),
                                  k.sk_message(sa.spi_i, sa.spi_r, w.IKE_AUTH, 1,
                                               [(255, os.urandom(rng.randrange(0, 300)))])]),
        ("SKF bogus numbers", [frag(0, 1), frag(2, 1), frag(1, 65), frag(1, 0), frag(65535, 65535),
                               frag(1, 3), frag(1, 3), frag(3, 3), frag(1, 2), frag(2, 5)]),
        ("SKF reassembled bogus chain", [frag(1, 2, w.PL_IDI, 1, b"\0\0\xff\xff"),
                                         frag(2, 2, 0, 1, os.urandom(20))]),
        ("SKF 63 of 64 fragments", [frag(i, 64, None, 1, os.urandom(1200))
                                    for i in range(1, 64)]),
    ]


def established_scenarios(sa, rng):
    """(kind, exchange, inner payloads) requests on an ESTABLISHED IKE_SA."""
    n = w.notify
    child_sa = (w.PL_SA, w.esp_proposal(0xc2000000 | rng.getrandbits(16)))
    nonce = (w.PL_NONCE, os.urandom(32))
    tsi, tsr = (w.PL_TSI, ts(sa.src[0])), (w.PL_TSR, ts(sa.sender.dst))
    ike_sa = (w.PL_SA, w.ike_proposal(spi=os.urandom(8)))
    # REKEY_SA naming the attacker's own CHILD_SA (its inbound SPI from IKE_AUTH)
    rekey_ours = n(w.N_REKEY_SA, b"", 3, struct.pack(">I", sa.child_spi))
    return [
        ("CREATE_CHILD_SA notify-only REKEY_SA of an existing CHILD_SA", w.CREATE_CHILD_SA,
         [rekey_ours]),
        ("CREATE_CHILD_SA REKEY_SA + TEMPORARY_FAILURE", w.CREATE_CHILD_SA,
         [rekey_ours, n(43)]),
        ("CREATE_CHILD_SA IKE rekey without Nonce and KE", w.CREATE_CHILD_SA, [ike_sa]),
        ("CREATE_CHILD_SA IKE rekey without KE", w.CREATE_CHILD_SA, [ike_sa, nonce]),
        ("CREATE_CHILD_SA Nonce only", w.CREATE_CHILD_SA, [nonce]),
        ("CREATE_CHILD_SA notify-only INVALID_KE_PAYLOAD", w.CREATE_CHILD_SA,
         [n(w.N_INVALID_KE, b"\0\x1f")]),
        ("CREATE_CHILD_SA notify-only NO_PROPOSAL_CHOSEN", w.CREATE_CHILD_SA,
         [n(w.N_NO_PROPOSAL)]),
        ("CREATE_CHILD_SA CHILD without Nonce, with COOKIE", w.CREATE_CHILD_SA,
         [child_sa, tsi, tsr, n(w.N_COOKIE, b"\1" * 8)]),
        ("CREATE_CHILD_SA CHILD without Nonce, with TEMPORARY_FAILURE", w.CREATE_CHILD_SA,
         [child_sa, tsi, tsr, n(43)]),
        ("CREATE_CHILD_SA notify-only REKEY_SA", w.CREATE_CHILD_SA,
         [n(w.N_REKEY_SA, b"", 3, os.urandom(4))]),
        ("CREATE_CHILD_SA notify-only COOKIE", w.CREATE_CHILD_SA, [n(w.N_COOKIE, b"A" * 8)]),
        ("CREATE_CHILD_SA empty", w.CREATE_CHILD_SA, []),
        ("CREATE_CHILD_SA IKE rekey SA only", w.CREATE_CHILD_SA, [(w.PL_SA, w.ike_proposal())]),
        ("CREATE_CHILD_SA IKE rekey bad KE", w.CREATE_CHILD_SA,
         [(w.PL_SA, w.ike_proposal()), nonce, (w.PL_KE, struct.pack(">HH", 31, 0) + b"\1")]),
        ("CREATE_CHILD_SA rekey of an unknown CHILD_SA", w.CREATE_CHILD_SA,
         [n(w.N_REKEY_SA, b"", 3, os.urandom(4)), child_sa, nonce, tsi, tsr]),
        ("CREATE_CHILD_SA without TS", w.CREATE_CHILD_SA, [child_sa, nonce]),
        ("CREATE_CHILD_SA 1-octet nonce", w.CREATE_CHILD_SA,
         [child_sa, (w.PL_NONCE, b"\1"), tsi, tsr]),
        ("INFORMATIONAL bogus DELETE", w.INFORMATIONAL,
         [(w.PL_D, struct.pack(">BBH", 3, 4, 1000) + os.urandom(4))]),
        ("INFORMATIONAL DELETE SPI size 255", w.INFORMATIONAL,
         [(w.PL_D, struct.pack(">BBH", 3, 255, 1) + os.urandom(9))]),
        ("INFORMATIONAL notify-only COOKIE", w.INFORMATIONAL, [n(w.N_COOKIE, b"x")]),
        ("INFORMATIONAL CP garbage", w.INFORMATIONAL, [(w.PL_CP, os.urandom(37))]),
        ("IKE_AUTH again notify-only", w.IKE_AUTH, [n(w.N_COOKIE, b"A" * 8)]),
        ("IKE_INTERMEDIATE notify-only", 43, [n(w.N_COOKIE, b"A" * 8)]),
    ]


def run(sender, count, psk):
    """count half-open IKE_SAs with encrypted scenarios, then (with psk) the
    established ones. Returns figures for the report."""
    if not w.HAVE_CRYPTO:
        return {"encrypted": "skipped: python3-cryptography is not installed"}
    rng = sender.rng
    figures = {"half_open_sas_keyed": 0}
    for i in range(count):
        sa = Sa(sender, "encrypted")
        if not sa.keys:
            continue
        figures["half_open_sas_keyed"] += 1
        scenarios = half_open_scenarios(sa, rng)
        kind, datagrams = scenarios[i % len(scenarios)]
        for d in datagrams:
            sa.send("encrypted " + kind, d)
    sender.flush()
    if psk:
        figures.update(established(sender, psk, rng))
    return figures


def established(sender, psk, rng):
    figures = {"established_by_attacker": 0, "ike_sa_lost_after": []}
    sa, scenarios, i = None, None, 0
    while True:
        if sa is None:
            sa = Sa(sender, "authenticated")
            if not sa.keys:
                figures["authentication"] = "failed: no answer to IKE_SA_INIT"
                return figures
            why = sa.authenticate(psk, sender.dst)
            if why:
                figures["authentication"] = "failed: " + why
                return figures
            figures["established_by_attacker"] += 1
            scenarios = established_scenarios(sa, rng)
        if i >= len(scenarios):
            break
        kind, exchange, pls = scenarios[i]
        sa.request("established " + kind, exchange, pls)
        if not sa.alive():
            figures["ike_sa_lost_after"].append(kind)
            sa = None
            sender.sync(500)  # raises ResponderGone if the responder is gone
        i += 1
    # SKF fragments with numbers out of range, then a smaller total than before
    for number, total in [(0, 1), (2, 1), (1, 65), (1, 0), (1, 3), (1, 2)]:
        sa.send("established SKF bogus numbers", sa.keys.skf_message(
            sa.spi_i, sa.spi_r, w.CREATE_CHILD_SA, sa.msgid, w.PL_N, number, total, bytes(40)))
    if not sa.alive():
        figures["ike_sa_lost_after"].append("SKF bogus numbers")
        return figures
    answer = sa.request("established DELETE IKE_SA", w.INFORMATIONAL,
                        [(w.PL_D, struct.pack(">BBH", 1, 0, 0))])
    figures["attacker_delete_answered"] = answer is not None
    return figures


def pin(sender, count, size):
    """count keyed half-open IKE_SAs, each sending fragments 1..63 of a 64-fragment
    IKE_AUTH request, `size` octets each: what the responder's SKF reassembly
    holds until the half-open time-out."""
    if not w.HAVE_CRYPTO:
        return {"pin": "skipped: python3-cryptography is not installed"}
    opened = 0
    for _ in range(count):
        sa = Sa(sender, "pin")
        if not sa.keys:
            continue
        opened += 1
        for number in range(1, 64):
            sender.send("pin SKF fragment of %d octets" % size, 500, sa.keys.skf_message(
                sa.spi_i, sa.spi_r, w.IKE_AUTH, 1, w.PL_IDI if number == 1 else 0, number, 64,
                os.urandom(size)))
    sender.flush()
    return {"pin_sas": opened}

