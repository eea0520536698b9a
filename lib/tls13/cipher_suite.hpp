// SPDX-License-Identifier: GPL-2.0-or-later
// The three TLS 1.3 cipher suites (RFC 8446 appendix B.4) and their Botan names.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace tls13 {

struct CipherSuite {
    uint16_t id;
    const char* name; // IANA and openssl name, "TLS_AES_256_GCM_SHA384"
    const char* hash; // Botan hash name, "SHA-384"
    size_t hash_len;
    const char* aead; // Botan AEAD name, "AES-256/GCM"
    size_t key_len;
    // Records one key may protect (RFC 8446 section 5.5: 2^24.5 for AES-GCM;
    // ChaCha20-Poly1305 has no practical limit below the 2^64 sequence numbers).
    uint64_t record_limit;
};

// In openssl's default preference order: AES-256-GCM, ChaCha20, AES-128-GCM.
const std::vector<CipherSuite>& all_cipher_suites();
std::optional<CipherSuite> find_cipher_suite(uint16_t id);
std::optional<CipherSuite> find_cipher_suite(const std::string& name);

} // namespace tls13
