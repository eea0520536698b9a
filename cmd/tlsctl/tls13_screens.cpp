// SPDX-License-Identifier: GPL-2.0-or-later
#include "tls13_screens.hpp"

#include "cipher_names.hpp"
#include "session_report.hpp"
#include "tls13/cipher_suite.hpp"
#include "tls13/key_schedule.hpp"
#include "tls13/signature.hpp"

#include <algorithm>
#include <botan/hex.h>
#include <cstdio>
#include <iterator>

namespace tlsctl {

std::string temp_key_text(uint16_t group) {
    switch (static_cast<tls13::NamedGroup>(group)) {
    case tls13::NamedGroup::x25519:
        return "X25519, 253 bits";
    case tls13::NamedGroup::secp256r1:
        return "ECDH, prime256v1, 256 bits";
    case tls13::NamedGroup::secp384r1:
        return "ECDH, secp384r1, 384 bits";
    }
    return "group " + std::to_string(group);
}

std::string tls13_session_block(const tls13::Session& s, int verify_code,
                                const std::string& verify_text) {
    const auto suite = tls13::find_cipher_suite(s.cipher_suite);
    std::string out = "SSL-Session:\n";
    out += "    Protocol  : TLSv1.3\n";
    out += std::string("    Cipher    : ") + (suite ? suite->name : "?") + "\n";
    out += "    Session-ID: " + Botan::hex_encode(tls13::hash_of("SHA-256", s.ticket)) + "\n";
    out += "    Session-ID-ctx: \n";
    out += "    Resumption PSK: " + Botan::hex_encode(s.psk) + "\n";
    out += "    PSK identity: None\n    PSK identity hint: None\n    SRP username: None\n";
    out += "    TLS session ticket lifetime hint: " + std::to_string(s.lifetime) + " (seconds)\n";
    out += "    TLS session ticket:\n";
    out += openssl_hexdump(s.ticket, "    ") + "\n";
    out += "    Start Time: " + std::to_string(s.received_ms / 1000) + "\n";
    out += "    Timeout   : " + std::to_string(s.lifetime) + " (sec)\n";
    out += "    Verify return code: " + std::to_string(verify_code) + " (" + verify_text + ")\n";
    out += "    Extended master secret: no\n";
    out += "    Max Early Data: " + std::to_string(s.max_early_data) + "\n";
    return out;
}

std::string state_line(const std::string& prefix, const tls13::MessageTrace& t) {
    using H = tls13::HandshakeType;
    const std::string dir = t.sent ? "write" : "read";
    const bool client = prefix == "SSL_connect";
    std::string what;
    switch (t.type) {
    case H::client_hello:
        what = "SSLv3/TLS " + dir + " client hello";
        break;
    case H::server_hello:
        what = "SSLv3/TLS " + dir + " server hello";
        break;
    case H::encrypted_extensions:
        what = "TLSv1.3 " + dir + " encrypted extensions";
        break;
    case H::certificate_request:
        what = "SSLv3/TLS " + dir + (client ? " server" : "") + " certificate request";
        break;
    case H::certificate:
        // openssl's server writes "certificate", the rest name the sender.
        what = "SSLv3/TLS " + dir +
               (t.sent == client ? " client"
                : client         ? " server"
                                 : "") +
               " certificate";
        break;
    case H::certificate_verify:
        what = (t.sent == client ? "SSLv3/TLS " : "TLSv1.3 ") + dir + " " +
               (t.sent == client ? "certificate verify" : "server certificate verify");
        break;
    case H::finished:
        what = "SSLv3/TLS " + dir + " finished";
        break;
    case H::new_session_ticket:
        what = "SSLv3/TLS " + dir + (client ? " server" : "") + " session ticket";
        break;
    case H::end_of_early_data:
        what = "SSLv3/TLS " + dir + " end of early data";
        break;
    case H::key_update:
        what = "TLSv1.3 " + dir + " key update";
        break;
    default:
        what = dir + " " + tls13::handshake_name(t.type);
        break;
    }
    return prefix + ":" + what;
}

std::string sigalg_list(const std::vector<uint16_t>& schemes) {
    static const std::pair<uint16_t, const char*> kNames[] = {
        {0x0403, "ECDSA+SHA256"},
        {0x0503, "ECDSA+SHA384"},
        {0x0603, "ECDSA+SHA512"},
        {0x0303, "ECDSA+SHA224"},
        {0x0203, "ECDSA+SHA1"},
        {0x0807, "ed25519"},
        {0x0808, "ed448"},
        {0x0809, "rsa_pss_pss_sha256"},
        {0x080a, "rsa_pss_pss_sha384"},
        {0x080b, "rsa_pss_pss_sha512"},
        {0x0804, "RSA-PSS+SHA256"},
        {0x0805, "RSA-PSS+SHA384"},
        {0x0806, "RSA-PSS+SHA512"},
        {0x0401, "RSA+SHA256"},
        {0x0501, "RSA+SHA384"},
        {0x0601, "RSA+SHA512"},
        {0x0301, "RSA+SHA224"},
        {0x0201, "RSA+SHA1"},
        {0x0402, "DSA+SHA256"},
        {0x0502, "DSA+SHA384"},
        {0x0602, "DSA+SHA512"},
        {0x0302, "DSA+SHA224"},
        {0x0202, "DSA+SHA1"},
    };
    std::string out;
    for (uint16_t scheme : schemes) {
        if (!out.empty())
            out += ":";
        const auto* it = std::find_if(std::begin(kNames), std::end(kNames),
                                      [scheme](const auto& n) { return n.first == scheme; });
        char hex[8];
        std::snprintf(hex, sizeof hex, "0x%04x", scheme);
        out += it != std::end(kNames) ? it->second : hex;
    }
    return out;
}

namespace {

std::string group_list(const std::vector<uint16_t>& groups) {
    static const std::pair<uint16_t, const char*> kNames[] = {
        {0x001d, "x25519"},          {0x0017, "secp256r1"},       {0x001e, "x448"},
        {0x0019, "secp521r1"},       {0x0018, "secp384r1"},       {0x0100, "ffdhe2048"},
        {0x0101, "ffdhe3072"},       {0x0102, "ffdhe4096"},       {0x0103, "ffdhe6144"},
        {0x0104, "ffdhe8192"},       {0x001a, "brainpoolP256r1"}, {0x001b, "brainpoolP384r1"},
        {0x001c, "brainpoolP512r1"},
    };
    std::string out;
    for (uint16_t g : groups) {
        const auto* it = std::find_if(std::begin(kNames), std::end(kNames),
                                      [g](const auto& n) { return n.first == g; });
        char hex[8];
        std::snprintf(hex, sizeof hex, "0x%04x", g);
        out += (out.empty() ? "" : ":") + std::string(it != std::end(kNames) ? it->second : hex);
    }
    return out;
}

template <typename T>
std::vector<T> in_both(const std::vector<T>& theirs, const std::vector<T>& ours) {
    std::vector<T> out;
    for (const auto& x : theirs)
        if (std::find(ours.begin(), ours.end(), x) != ours.end())
            out.push_back(x);
    return out;
}

} // namespace

std::vector<std::string> shared_cipher_names(const tls13::ClientHello& ch,
                                             const std::vector<uint16_t>& suites13,
                                             const std::vector<uint16_t>& suites12) {
    std::vector<std::string> out;
    for (uint16_t s : ch.cipher_suites) {
        if (std::count(suites13.begin(), suites13.end(), s))
            out.push_back(tls13::find_cipher_suite(s)->name);
        else if (std::count(suites12.begin(), suites12.end(), s))
            out.push_back(openssl_cipher_name(s));
    }
    return out;
}

std::string client_offer_lines(const tls13::ClientHello& ch, uint16_t peer_scheme) {
    std::string out = "Signature Algorithms: " + sigalg_list(ch.signature_schemes) + "\n";
    out += "Shared Signature Algorithms: " +
           sigalg_list(in_both(ch.signature_schemes, tls13::supported_signature_schemes())) + "\n";
    if (peer_scheme) {
        const std::string digest = tls13::scheme_digest(peer_scheme);
        if (!digest.empty())
            out += "Peer signing digest: " + digest + "\n";
        out += "Peer signature type: " + tls13::scheme_signature_type(peer_scheme) + "\n";
    }
    out += "Supported groups: " + group_list(ch.groups) + "\n";
    const std::vector<uint16_t> ours = {0x001d, 0x0017, 0x0018};
    out += "Shared groups: " + group_list(in_both(ch.groups, ours)) + "\n";
    return out;
}

bool offers_secure_renegotiation(const tls13::ClientHello& ch) {
    return std::count(ch.extension_types.begin(), ch.extension_types.end(), 0xff01) ||
           std::count(ch.cipher_suites.begin(), ch.cipher_suites.end(), 0x00ff);
}

std::string msg_line(const tls13::MessageTrace& t) {
    char len[16];
    std::snprintf(len, sizeof len, "%04zx", t.length);
    return std::string(t.sent ? ">>> " : "<<< ") + "TLS 1.3, Handshake [length " + len + "], " +
           tls13::handshake_name(t.type);
}

std::string keylog_line(const tls13::SecretDerived& s) {
    return s.label + " " + Botan::hex_encode(s.client_random, false) + " " +
           Botan::hex_encode(s.secret, false);
}

} // namespace tlsctl
