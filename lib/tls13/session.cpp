// SPDX-License-Identifier: GPL-2.0-or-later
#include "tls13/session.hpp"

#include "tls13/cipher_suite.hpp"

#include <botan/base64.h>

namespace tls13 {

namespace {

constexpr const char* kBegin = "-----BEGIN TLSCTL TLS1.3 SESSION-----";
constexpr const char* kEnd = "-----END TLSCTL TLS1.3 SESSION-----";
constexpr uint8_t kFormat = 1;

ByteView text_bytes(const std::string& s) {
    return ByteView(reinterpret_cast<const uint8_t*>(s.data()), s.size());
}

} // namespace

std::string Session::encode() const {
    Writer w;
    w.u8(kFormat);
    w.u16(cipher_suite);
    w.opaque(1, psk);
    w.opaque(2, ticket);
    w.u32(lifetime);
    w.u32(age_add);
    w.u32(max_early_data);
    w.u32(static_cast<uint32_t>(static_cast<uint64_t>(received_ms) >> 32));
    w.u32(static_cast<uint32_t>(received_ms));
    w.opaque(1, text_bytes(server_name));
    w.opaque(1, text_bytes(alpn));
    w.opaque(3, peer_certificate);
    std::string b64 = Botan::base64_encode(w.out().data(), w.out().size());
    std::string out = std::string(kBegin) + "\n";
    for (size_t i = 0; i < b64.size(); i += 64)
        out += b64.substr(i, 64) + "\n";
    return out + kEnd + "\n";
}

ipsec::Result<Session> Session::decode(const std::string& text, const std::string& where) {
    const auto begin = text.find(kBegin);
    const auto end = text.find(kEnd);
    if (begin == std::string::npos || end == std::string::npos || end < begin)
        return ipsec::Error::plain(where + ": not a TLS 1.3 session file (no " +
                                   std::string(kBegin) + " block)");
    const std::string b64 =
        text.substr(begin + std::string(kBegin).size(), end - begin - std::string(kBegin).size());
    try {
        const auto raw = Botan::base64_decode(b64);
        Reader r(ByteView(raw.data(), raw.size()), where);
        if (r.u8() != kFormat)
            return ipsec::Error::plain(where + ": unknown session format version");
        Session s;
        s.cipher_suite = r.u16();
        if (!find_cipher_suite(s.cipher_suite))
            return ipsec::Error::plain(where + ": unknown cipher suite in the session");
        s.psk = r.opaque(1, "psk", 32, 64);
        s.ticket = r.opaque(2, "ticket", 1, 0xffff);
        s.lifetime = r.u32();
        s.age_add = r.u32();
        s.max_early_data = r.u32();
        const uint64_t hi = r.u32();
        s.received_ms = static_cast<int64_t>(hi << 32 | r.u32());
        Bytes name = r.opaque(1, "server_name", 0, 255);
        s.server_name.assign(name.begin(), name.end());
        Bytes alpn = r.opaque(1, "alpn", 0, 255);
        s.alpn.assign(alpn.begin(), alpn.end());
        s.peer_certificate = r.opaque(3, "peer_certificate", 0, 0xffffff);
        r.expect_end();
        return s;
    } catch (const std::exception& e) {
        return ipsec::Error::plain(where + ": damaged session file", e.what());
    }
}

} // namespace tls13
