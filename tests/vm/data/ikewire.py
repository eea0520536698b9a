"""ikewire: just enough IKEv2 (RFC 7296) for tests/vm/data/ike-hostile.py.

Builds the messages an initiator sends (IKE_SA_INIT with one IKE proposal
AES_CBC_128/HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/CURVE_25519, SK and SKF
payloads of RFC 7383), parses the payload chain of an answer, and derives the
IKE_SA keys (RFC 7296 section 2.14). The key exchange and AES need the
`cryptography` module (Debian: python3-cryptography); without it HAVE_CRYPTO is
False and only the plaintext builders work.
"""
import functools
import hashlib
import hmac
import os
import socket
import struct

try:
    from cryptography.hazmat.primitives.asymmetric.x25519 import (
        X25519PrivateKey, X25519PublicKey)
    from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
    from cryptography.hazmat.primitives import serialization
    HAVE_CRYPTO = True
except ImportError:  # pragma: no cover - depends on the machine
    HAVE_CRYPTO = False

# Exchange types (RFC 7296 3.1, RFC 5723, RFC 9242, RFC 9370, RFC 6407).
IKE_SA_INIT, IKE_AUTH, CREATE_CHILD_SA, INFORMATIONAL = 34, 35, 36, 37
EXCHANGES = [0, 1, 33, 34, 35, 36, 37, 38, 39, 40, 41, 43, 44, 200, 255]
# Payload types (RFC 7296 3.2, RFC 7383).
PL_NONE, PL_SA, PL_KE, PL_IDI, PL_IDR, PL_AUTH, PL_NONCE, PL_N, PL_D = 0, 33, 34, 35, 36, 39, 40, 41, 42
PL_V, PL_TSI, PL_TSR, PL_SK, PL_CP, PL_EAP, PL_SKF = 43, 44, 45, 46, 47, 48, 53
# Notify types (RFC 7296 3.10.1, RFC 7383, RFC 7427).
N_COOKIE, N_INITIAL_CONTACT, N_REKEY_SA, N_USE_TRANSPORT = 16390, 16384, 16393, 16391
N_NAT_SRC, N_NAT_DST, N_FRAG_SUPPORTED, N_SIG_HASH = 16388, 16389, 16430, 16431
N_INVALID_KE, N_INVALID_SYNTAX, N_NO_PROPOSAL = 17, 7, 14
NOTIFY_TYPES = [0, 1, 4, 5, 7, 9, 11, 14, 17, 24, 34, 35, 36, 37, 38, 39, 43, 44, 16384,
                16385, 16388, 16389, 16390, 16391, 16393, 16400, 16404, 16430, 16431, 40000,
                65535]
GROUP_CURVE25519 = 31
FLAG_I, FLAG_V, FLAG_R = 0x08, 0x10, 0x20

NON_ESP_MARKER = b"\0\0\0\0"


def header(spi_i, spi_r, first, exchange, flags, msgid, length, version=0x20):
    return struct.pack(">QQBBBBII", spi_i, spi_r, first, version, exchange, flags, msgid, length)


def chain(payloads):
    """payloads: [(type, body)]; returns (first type, bytes) with generic headers."""
    out = []
    for i, (_, body) in enumerate(payloads):
        nxt = payloads[i + 1][0] if i + 1 < len(payloads) else PL_NONE
        out.append(struct.pack(">BBH", nxt, 0, 4 + len(body)))
        out.append(body)
    return (payloads[0][0] if payloads else PL_NONE), b"".join(out)


def message(spi_i, spi_r, exchange, flags, msgid, payloads):
    first, body = chain(payloads)
    return header(spi_i, spi_r, first, exchange, flags, msgid, 28 + len(body)) + body


def transform(last, ttype, tid, attrs=b""):
    return struct.pack(">BBHBBH", 0 if last else 3, 0, 8 + len(attrs), ttype, 0, tid) + attrs


@functools.lru_cache(maxsize=None)
def ike_proposal(group=GROUP_CURVE25519, number=1, last=True, spi=b""):
    """spi: empty in IKE_SA_INIT, the new IKE_SA's 8 octets in an IKE rekey."""
    ts = (transform(False, 1, 12, struct.pack(">HH", 0x800E, 128)) +  # ENCR_AES_CBC 128
          transform(False, 3, 12) +  # AUTH_HMAC_SHA2_256_128
          transform(False, 2, 5) +  # PRF_HMAC_SHA2_256
          transform(True, 4, group))  # the key exchange method
    return (struct.pack(">BBHBBBB", 0 if last else 2, 0, 8 + len(spi) + len(ts), number, 1,
                        len(spi), 4) + spi + ts)


def esp_proposal(spi):
    ts = (transform(False, 1, 12, struct.pack(">HH", 0x800E, 128)) +
          transform(False, 3, 12) +
          transform(True, 5, 0))  # no ESN
    return struct.pack(">BBHBBBB", 0, 0, 12 + len(ts), 1, 3, 4, 3) + struct.pack(">I", spi) + ts


def notify(ntype, data=b"", protocol=0, spi=b""):
    return (PL_N, struct.pack(">BBH", protocol, len(spi), ntype) + spi + data)


def natd(spi_i, spi_r, addr, port):
    return hashlib.sha1(struct.pack(">QQ", spi_i, spi_r) + socket.inet_aton(addr) +
                        struct.pack(">H", port)).digest()


def ike_sa_init(spi_i, ke_public, nonce, src, dst, cookie=None, group=GROUP_CURVE25519):
    """A valid IKE_SA_INIT request: [N(COOKIE)] SA KE Ni N(NATD_S) N(NATD_D) N(FRAG_SUP)."""
    pls = []
    if cookie is not None:
        pls.append(notify(N_COOKIE, cookie))
    pls += [(PL_SA, ike_proposal()),
            (PL_KE, struct.pack(">HH", group, 0) + ke_public),
            (PL_NONCE, nonce),
            notify(N_NAT_SRC, natd(spi_i, 0, src[0], src[1])),
            notify(N_NAT_DST, natd(spi_i, 0, dst[0], dst[1])),
            notify(N_FRAG_SUPPORTED)]
    return message(spi_i, 0, IKE_SA_INIT, FLAG_I, 0, pls)


def parse(data):
    """(spi_i, spi_r, exchange, flags, msgid, [(type, body)]) or None; a bad chain stops."""
    if len(data) < 28:
        return None
    spi_i, spi_r, nxt, _, exch, flags, msgid, _ = struct.unpack(">QQBBBBII", data[:28])
    pls, off = [], 28
    while nxt != PL_NONE and off + 4 <= len(data):
        n2, _, ln = struct.unpack(">BBH", data[off:off + 4])
        if ln < 4 or off + ln > len(data):
            break
        pls.append((nxt, data[off + 4:off + ln]))
        if nxt in (PL_SK, PL_SKF):
            break
        nxt, off = n2, off + ln
    return spi_i, spi_r, exch, flags, msgid, pls


def notifies(pls):
    return [(struct.unpack(">H", b[2:4])[0], b[4 + b[1]:]) for t, b in pls if t == PL_N and len(b) >= 4]


def prf(key, data):
    return hmac.new(key, data, hashlib.sha256).digest()


def prf_plus(key, seed, size):
    out, t, i = b"", b"", 1
    while len(out) < size:
        t = prf(key, t + seed + bytes([i]))
        out, i = out + t, i + 1
    return out[:size]


class Keypair:
    def __init__(self):
        if HAVE_CRYPTO:
            self.private = X25519PrivateKey.generate()
            self.public = self.private.public_key().public_bytes(
                serialization.Encoding.Raw, serialization.PublicFormat.Raw)
        else:
            self.private, self.public = None, os.urandom(32)

    def shared(self, peer_public):
        return self.private.exchange(X25519PublicKey.from_public_bytes(peer_public))


class IkeKeys:
    """An IKE_SA's keys as the original initiator sees them (RFC 7296 2.14)."""

    def __init__(self, g_ir, ni, nr, spi_i, spi_r):
        skeyseed = prf(ni + nr, g_ir)
        km = prf_plus(skeyseed, ni + nr + struct.pack(">QQ", spi_i, spi_r), 32 * 5 + 16 * 2)
        self.sk_d, self.sk_ai, self.sk_ar = km[0:32], km[32:64], km[64:96]
        self.sk_ei, self.sk_er = km[96:112], km[112:128]
        self.sk_pi, self.sk_pr = km[128:160], km[160:192]

    def seal(self, plaintext):
        """IV | AES-CBC(plaintext | padding | pad length)."""
        pad = 15 - len(plaintext) % 16
        iv = os.urandom(16)
        enc = Cipher(algorithms.AES(self.sk_ei), modes.CBC(iv)).encryptor()
        return iv + enc.update(plaintext + bytes(pad) + bytes([pad])) + enc.finalize()

    def icv(self, data):
        return hmac.new(self.sk_ai, data, hashlib.sha256).digest()[:16]

    def sk_message(self, spi_i, spi_r, exchange, msgid, payloads, flags=FLAG_I):
        """An SK message with `payloads` inside."""
        first, inner = chain(payloads)
        body = self.seal(inner)
        length = 28 + 4 + len(body) + 16
        data = (header(spi_i, spi_r, PL_SK, exchange, flags, msgid, length) +
                struct.pack(">BBH", first, 0, 4 + len(body) + 16) + body)
        return data + self.icv(data)

    def skf_message(self, spi_i, spi_r, exchange, msgid, first, number, total, inner,
                    flags=FLAG_I):
        """One SKF fragment (RFC 7383 2.5): `number`/`total`, `inner` bytes of the message."""
        body = self.seal(inner)
        length = 28 + 8 + len(body) + 16
        data = (header(spi_i, spi_r, PL_SKF, exchange, flags, msgid, length) +
                struct.pack(">BBHHH", first, 0, 8 + len(body) + 16, number, total) + body)
        return data + self.icv(data)

    def open_response(self, data):
        """The inner payloads [(type, body)] of the responder's SK message, or None
        when its ICV, padding or payload chain is wrong."""
        p = parse(data)
        if p is None or not p[5] or p[5][-1][0] != PL_SK:
            return None
        body = p[5][-1][1]
        if len(body) < 32 + 16 or (len(body) - 32) % 16:
            return None
        signed, icv = data[:len(data) - 16], data[len(data) - 16:]
        if hmac.new(self.sk_ar, signed, hashlib.sha256).digest()[:16] != icv:
            return None
        iv, ct = body[:16], body[16:len(body) - 16]
        dec = Cipher(algorithms.AES(self.sk_er), modes.CBC(iv)).decryptor()
        plain = dec.update(ct) + dec.finalize()
        plain = plain[:len(plain) - 1 - plain[-1]]
        first = data[28]  # the SK payload is the first (and only) one
        pls, nxt, off = [], first, 0
        while nxt != PL_NONE and off + 4 <= len(plain):
            n2, _, ln = struct.unpack(">BBH", plain[off:off + 4])
            if ln < 4 or off + ln > len(plain):
                return None
            pls.append((nxt, plain[off + 4:off + ln]))
            nxt, off = n2, off + ln
        return pls
