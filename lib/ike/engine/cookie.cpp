// SPDX-License-Identifier: GPL-2.0-or-later
#include "ike/engine/cookie.hpp"

#include "ike/crypto/prf.hpp"

#include <sys/socket.h>

namespace ipsec::ike::engine {

namespace {

bool equal_in_constant_time(const wire::Bytes& a, const wire::Bytes& b) {
    if (a.size() != b.size())
        return false;
    std::uint8_t diff = 0;
    for (std::size_t i = 0; i < a.size(); ++i)
        diff |= static_cast<std::uint8_t>(a[i] ^ b[i]);
    return diff == 0;
}

} // namespace

CookieJar::CookieJar(::ipsec::ike::crypto::Rng& rng) : m_rng(rng), m_secret(rng.bytes(32)) {}

wire::Bytes CookieJar::compute(const wire::Bytes& secret, std::uint32_t version,
                               const wire::Bytes& ni, const Endpoint& initiator,
                               std::uint64_t spi_i) const {
    wire::Bytes input = ni;
    std::size_t size = initiator.address.family == AF_INET6 ? 16 : 4;
    input.insert(input.end(), initiator.address.bytes.begin(),
                 initiator.address.bytes.begin() + static_cast<std::ptrdiff_t>(size));
    for (int shift = 56; shift >= 0; shift -= 8)
        input.push_back(static_cast<std::uint8_t>(spi_i >> shift));
    auto prf = ::ipsec::ike::crypto::Prf::create(::ipsec::ike::crypto::PrfId::hmac_sha2_256);
    wire::Bytes out;
    for (int shift = 24; shift >= 0; shift -= 8)
        out.push_back(static_cast<std::uint8_t>(version >> shift));
    auto mac = prf->compute(secret, input);
    out.insert(out.end(), mac.begin(), mac.end());
    return out;
}

wire::Bytes CookieJar::make(const wire::Bytes& ni, const Endpoint& initiator,
                            std::uint64_t spi_i) const {
    return compute(m_secret, m_version, ni, initiator, spi_i);
}

bool CookieJar::verify(const wire::Bytes& cookie, const wire::Bytes& ni, const Endpoint& initiator,
                       std::uint64_t spi_i) const {
    if (cookie.size() < 4)
        return false;
    std::uint32_t version = (std::uint32_t(cookie[0]) << 24) | (std::uint32_t(cookie[1]) << 16) |
                            (std::uint32_t(cookie[2]) << 8) | cookie[3];
    if (version == m_version)
        return equal_in_constant_time(cookie, compute(m_secret, m_version, ni, initiator, spi_i));
    if (version + 1 == m_version && !m_previous.empty())
        return equal_in_constant_time(cookie, compute(m_previous, version, ni, initiator, spi_i));
    return false;
}

void CookieJar::rotate_if_due(Time now, Time lifetime) {
    if (now - m_created < lifetime)
        return;
    m_previous = std::move(m_secret);
    m_secret = m_rng.bytes(32);
    ++m_version;
    m_created = now;
}

} // namespace ipsec::ike::engine
