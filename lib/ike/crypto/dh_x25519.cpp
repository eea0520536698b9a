// SPDX-License-Identifier: GPL-2.0-or-later
// Curve25519, group 31 (RFC 8031, RFC 7748) over Botan's X25519.
#include "ike/crypto/dh_groups.hpp"

#include <botan/curve25519.h>
#include <botan/pubkey.h>
#include <botan/system_rng.h>

namespace ipsec::ike::crypto::detail {

namespace {

constexpr std::size_t kSize = 32;

class X25519DiffieHellman final : public DiffieHellman {
public:
    explicit X25519DiffieHellman(std::unique_ptr<Botan::X25519_PrivateKey> key)
        : m_key(std::move(key)) {}

    KeId group() const override { return KeId::curve_25519; }

    Bytes public_value() const override {
        auto value = m_key->public_value();
        return Bytes(value.begin(), value.end());
    }

    ipsec::Result<Bytes> shared_secret(ByteView peer_public) const override {
        if (peer_public.size() != kSize)
            return ipsec::Error::ike(notify::invalid_syntax,
                                     "CURVE_25519 public value of " +
                                         std::to_string(peer_public.size()) +
                                         " bytes, expected 32");
        Bytes out;
        try {
            Botan::PK_Key_Agreement agreement(*m_key, Botan::system_rng(), "Raw");
            auto secret = agreement.derive_key(0, peer_public.data(), peer_public.size()).bits_of();
            out.assign(secret.begin(), secret.end());
        } catch (const Botan::Exception& e) {
            return ipsec::Error::ike(notify::invalid_syntax, "CURVE_25519 key agreement failed",
                                     e.what());
        }
        std::uint8_t any = 0;
        for (std::uint8_t byte : out)
            any |= byte;
        if (any == 0)
            return ipsec::Error::ike(notify::invalid_syntax,
                                     "CURVE_25519 shared secret is all zeros (peer sent a "
                                     "low-order point)");
        return out;
    }

private:
    std::unique_ptr<Botan::X25519_PrivateKey> m_key;
};

} // namespace

ipsec::Result<std::unique_ptr<DiffieHellman>> make_x25519(ByteView private_value,
                                                          Botan::RandomNumberGenerator& rng) {
    std::unique_ptr<Botan::X25519_PrivateKey> key;
    if (private_value.empty()) {
        Botan::secure_vector<std::uint8_t> secret(kSize);
        rng.randomize(secret.data(), secret.size());
        key = std::make_unique<Botan::X25519_PrivateKey>(secret);
    } else {
        if (private_value.size() != kSize)
            return ipsec::Error::plain("CURVE_25519 private value of " +
                                       std::to_string(private_value.size()) +
                                       " bytes, expected 32");
        key = std::make_unique<Botan::X25519_PrivateKey>(
            Botan::secure_vector<std::uint8_t>(private_value.begin(), private_value.end()));
    }
    return std::unique_ptr<DiffieHellman>(new X25519DiffieHellman(std::move(key)));
}

} // namespace ipsec::ike::crypto::detail
