// SPDX-License-Identifier: GPL-2.0-or-later
#include "tls13/cipher_suite.hpp"

namespace tls13 {

const std::vector<CipherSuite>& all_cipher_suites() {
    // 2^24.5 records rounded down (RFC 8446 section 5.5).
    constexpr uint64_t gcm_limit = 23726566;
    static const std::vector<CipherSuite> suites = {
        {0x1302, "TLS_AES_256_GCM_SHA384", "SHA-384", 48, "AES-256/GCM", 32, gcm_limit},
        {0x1303, "TLS_CHACHA20_POLY1305_SHA256", "SHA-256", 32, "ChaCha20Poly1305", 32,
         UINT64_MAX - 1},
        {0x1301, "TLS_AES_128_GCM_SHA256", "SHA-256", 32, "AES-128/GCM", 16, gcm_limit},
    };
    return suites;
}

std::optional<CipherSuite> find_cipher_suite(uint16_t id) {
    for (const auto& s : all_cipher_suites())
        if (s.id == id)
            return s;
    return std::nullopt;
}

std::optional<CipherSuite> find_cipher_suite(const std::string& name) {
    for (const auto& s : all_cipher_suites())
        if (name == s.name)
            return s;
    return std::nullopt;
}

} // namespace tls13
