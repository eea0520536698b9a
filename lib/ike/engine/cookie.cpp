#include "ike/engine/cookie.hpp"

#include "ike/crypto/prf.hpp"

#include <sys/socket.h>

namespace ipsec::ike::engine {

CookieJar::CookieJar(::ike::crypto::Rng& rng) : m_secret(rng.bytes(32)) {}

wire::Bytes CookieJar::make(const wire::Bytes& ni, const Endpoint& initiator,
                            std::uint64_t spi_i) const {
    wire::Bytes input = ni;
    std::size_t size = initiator.address.family == AF_INET6 ? 16 : 4;
    input.insert(input.end(), initiator.address.bytes.begin(),
                 initiator.address.bytes.begin() + static_cast<std::ptrdiff_t>(size));
    for (int shift = 56; shift >= 0; shift -= 8)
        input.push_back(static_cast<std::uint8_t>(spi_i >> shift));
    auto prf = ::ike::crypto::Prf::create(::ike::crypto::PrfId::hmac_sha2_256);
    wire::Bytes out{0, 0, 0, 1}; // version of the secret
    auto mac = prf->compute(m_secret, input);
    out.insert(out.end(), mac.begin(), mac.end());
    return out;
}

bool CookieJar::verify(const wire::Bytes& cookie, const wire::Bytes& ni, const Endpoint& initiator,
                       std::uint64_t spi_i) const {
    return cookie == make(ni, initiator, spi_i);
}

} // namespace ipsec::ike::engine
