// SPDX-License-Identifier: GPL-2.0-or-later
// IKEv2 integrity algorithms (transform type 3): HMAC-SHA1-96,
// HMAC-SHA2-256-128, HMAC-SHA2-384-192, HMAC-SHA2-512-256 (RFC 4868),
// AES-XCBC-96 (RFC 3566) and AES-CMAC-96 (RFC 4494). A keyed object: one per
// direction (SK_ai, SK_ar).
#pragma once

#include "ike/crypto/bytes.hpp"
#include "ike/crypto/transform_ids.hpp"

#include <cstddef>

namespace ipsec::ike::crypto {

class Integrity {
public:
    // Error for an unsupported algorithm or a key of the wrong size.
    static ipsec::Result<Integrity> create(IntegId id, ByteView key);

    IntegId id() const { return m_id; }
    std::size_t key_size() const;
    std::size_t icv_size() const;

    // The truncated ICV over data.
    Bytes compute(ByteView data) const;
    // Constant-time comparison of icv with the ICV over data.
    bool verify(ByteView data, ByteView icv) const;

private:
    Integrity(IntegId id, Bytes key) : m_id(id), m_key(std::move(key)) {}
    IntegId m_id;
    Bytes m_key;
};

} // namespace ipsec::ike::crypto
