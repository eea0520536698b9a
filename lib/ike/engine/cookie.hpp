// Stateless cookies (RFC 7296 section 2.6): a responder under half-open load
// answers IKE_SA_INIT with N(COOKIE) and keeps nothing; the initiator repeats its
// request with that cookie first. Cookie = prf(secret, Ni | IPi | SPIi).
#pragma once

#include "ike/crypto/rng.hpp"
#include "ike/engine/endpoint.hpp"
#include "ike/wire/payloads.hpp"

#include <cstdint>

namespace ipsec::ike::engine {

class CookieJar {
public:
    explicit CookieJar(::ike::crypto::Rng& rng);
    wire::Bytes make(const wire::Bytes& ni, const Endpoint& initiator, std::uint64_t spi_i) const;
    bool verify(const wire::Bytes& cookie, const wire::Bytes& ni, const Endpoint& initiator,
                std::uint64_t spi_i) const;

private:
    wire::Bytes m_secret;
};

} // namespace ipsec::ike::engine
