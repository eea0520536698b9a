// SPDX-License-Identifier: GPL-2.0-or-later
// Stateless cookies (RFC 7296 section 2.6): a responder under half-open load
// answers IKE_SA_INIT with N(COOKIE) and keeps nothing; the initiator repeats its
// request with that cookie first. Cookie = version | prf(secret, Ni | IPi | SPIi),
// where the 4-octet version names the secret. The secret is replaced after a
// lifetime (2.6: "regenerated periodically"); cookies made with the previous one
// are still accepted, so a retry in flight across the change goes through.
#pragma once

#include "ike/crypto/rng.hpp"
#include "ike/engine/endpoint.hpp"
#include "ike/engine/time.hpp"
#include "ike/wire/payloads.hpp"

#include <cstdint>

namespace ipsec::ike::engine {

class CookieJar {
public:
    explicit CookieJar(::ipsec::ike::crypto::Rng& rng);
    wire::Bytes make(const wire::Bytes& ni, const Endpoint& initiator, std::uint64_t spi_i) const;
    // Compared in constant time.
    bool verify(const wire::Bytes& cookie, const wire::Bytes& ni, const Endpoint& initiator,
                std::uint64_t spi_i) const;
    // A new secret once `lifetime` has passed since the last one.
    void rotate_if_due(Time now, Time lifetime);
    std::uint32_t version() const { return m_version; }

private:
    wire::Bytes compute(const wire::Bytes& secret, std::uint32_t version, const wire::Bytes& ni,
                        const Endpoint& initiator, std::uint64_t spi_i) const;
    ::ipsec::ike::crypto::Rng& m_rng;
    wire::Bytes m_secret;
    wire::Bytes m_previous;
    std::uint32_t m_version = 1;
    Time m_created{0};
};

} // namespace ipsec::ike::engine
