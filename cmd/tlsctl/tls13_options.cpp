// SPDX-License-Identifier: GPL-2.0-or-later
// The TLS 1.3 flags shared by s_client and s_server: -groups, -ciphersuites, -alpn.
#include "flags.hpp"
#include "tls13/cipher_suite.hpp"
#include "tls13/protocol.hpp"
#include "tls13_s_client.hpp"

#include <algorithm>
#include <sstream>

namespace tlsctl {

namespace {

std::vector<std::string> split(const std::string& text, char sep) {
    std::vector<std::string> out;
    std::stringstream ss(text);
    std::string item;
    while (std::getline(ss, item, sep))
        out.push_back(item);
    return out;
}

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
    return s;
}

} // namespace

ipsec::Result<std::vector<uint16_t>> parse_groups(const std::string& text) {
    std::vector<uint16_t> out;
    for (const auto& name : split(text, ':')) {
        const std::string n = lower(name);
        uint16_t g;
        if (n == "x25519")
            g = static_cast<uint16_t>(tls13::NamedGroup::x25519);
        else if (n == "p-256" || n == "prime256v1" || n == "secp256r1")
            g = static_cast<uint16_t>(tls13::NamedGroup::secp256r1);
        else if (n == "p-384" || n == "secp384r1")
            g = static_cast<uint16_t>(tls13::NamedGroup::secp384r1);
        else if (n == "x448")
            return ipsec::Error::plain("-groups: X448 is not supported (Botan 2.19 has no X448)");
        else
            return ipsec::Error::plain("-groups: unknown group '" + name + "'",
                                       "known: X25519, P-256 (prime256v1), P-384 (secp384r1)");
        if (std::find(out.begin(), out.end(), g) == out.end())
            out.push_back(g);
    }
    if (out.empty())
        return ipsec::Error::plain("-groups: empty list");
    return out;
}

ipsec::Result<std::vector<uint16_t>> parse_ciphersuites(const std::string& text) {
    std::vector<uint16_t> out;
    for (const auto& name : split(text, ':')) {
        if (name.empty())
            continue;
        auto suite = tls13::find_cipher_suite(name);
        if (!suite)
            return ipsec::Error::plain("-ciphersuites: unknown TLS 1.3 cipher suite '" + name + "'",
                                       "known: TLS_AES_256_GCM_SHA384, "
                                       "TLS_CHACHA20_POLY1305_SHA256, TLS_AES_128_GCM_SHA256");
        out.push_back(suite->id);
    }
    if (out.empty())
        return ipsec::Error::plain("-ciphersuites: no cipher suite given");
    return out;
}

ipsec::Result<std::vector<std::string>> parse_alpn(const std::string& text) {
    std::vector<std::string> out;
    for (const auto& p : split(text, ',')) {
        if (p.empty() || p.size() > 255)
            return ipsec::Error::plain("-alpn: protocol names must be 1 to 255 bytes ('" + text +
                                       "')");
        out.push_back(p);
    }
    if (out.empty())
        return ipsec::Error::plain("-alpn: empty list");
    return out;
}

ipsec::Result<void> parse_tls13_lists(const Flags& flags, std::vector<uint16_t>& suites,
                                      std::vector<uint16_t>& groups,
                                      std::vector<std::string>& alpn) {
    if (flags.has("ciphersuites")) {
        auto s = parse_ciphersuites(flags.get("ciphersuites"));
        if (!s)
            return s.error();
        suites = *s;
    }
    if (flags.has("groups")) {
        auto g = parse_groups(flags.get("groups"));
        if (!g)
            return g.error();
        groups = *g;
    }
    if (flags.has("alpn")) {
        auto a = parse_alpn(flags.get("alpn"));
        if (!a)
            return a.error();
        alpn = *a;
    }
    return ipsec::success();
}

} // namespace tlsctl
