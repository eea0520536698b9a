// SPDX-License-Identifier: GPL-2.0-or-later
// MODP groups 14/15/16 (RFC 3526) over Botan's DL_Group "modp/ietf/N".
#include "ike/crypto/dh_groups.hpp"
#include "ike/crypto/transform_registry.hpp"

#include <botan/dh.h>
#include <botan/dl_group.h>
#include <botan/pubkey.h>
#include <botan/system_rng.h>

namespace ipsec::ike::crypto::detail {

namespace {

class ModpDiffieHellman final : public DiffieHellman {
public:
    ModpDiffieHellman(KeId group, std::unique_ptr<Botan::DH_PrivateKey> key)
        : m_group(group), m_key(std::move(key)) {}

    KeId group() const override { return m_group; }

    Bytes public_value() const override {
        auto encoded = Botan::BigInt::encode_1363(m_key->get_y(), size());
        return Bytes(encoded.begin(), encoded.end());
    }

    ipsec::Result<Bytes> shared_secret(ByteView peer_public) const override {
        std::string name = transform_name(make_transform(m_group));
        if (peer_public.size() != size())
            return ipsec::Error::ike(notify::invalid_syntax,
                                     name + " public value of " +
                                         std::to_string(peer_public.size()) + " bytes, expected " +
                                         std::to_string(size()));
        Botan::BigInt y(peer_public.data(), peer_public.size());
        const Botan::BigInt& p = m_key->get_group().get_p();
        if (y <= 1 || y >= p - 1)
            return ipsec::Error::ike(notify::invalid_syntax,
                                     name + " public value is outside 2..p-2");
        try {
            Botan::PK_Key_Agreement agreement(*m_key, Botan::system_rng(), "Raw");
            auto secret = agreement.derive_key(0, peer_public.data(), peer_public.size()).bits_of();
            Bytes out(size() - std::min(size(), secret.size()), 0);
            out.insert(out.end(), secret.begin(), secret.end());
            return out;
        } catch (const Botan::Exception& e) {
            return ipsec::Error::ike(notify::invalid_syntax, name + " key agreement failed",
                                     e.what());
        }
    }

private:
    std::size_t size() const { return ke_public_size(m_group); }

    KeId m_group;
    std::unique_ptr<Botan::DH_PrivateKey> m_key;
};

const char* group_name(KeId group) {
    switch (group) {
    case KeId::modp_2048:
        return "modp/ietf/2048";
    case KeId::modp_3072:
        return "modp/ietf/3072";
    default:
        return "modp/ietf/4096";
    }
}

} // namespace

ipsec::Result<std::unique_ptr<DiffieHellman>> make_modp(KeId group, ByteView private_value,
                                                        Botan::RandomNumberGenerator& rng) {
    Botan::DL_Group dl(group_name(group));
    Botan::BigInt x;
    if (!private_value.empty()) {
        x = Botan::BigInt(private_value.data(), private_value.size());
        if (x <= 1 || x >= dl.get_p() - 1)
            return ipsec::Error::plain(transform_name(make_transform(group)) +
                                       " private value is outside 2..p-2");
    }
    auto key = std::make_unique<Botan::DH_PrivateKey>(rng, dl, x);
    return std::unique_ptr<DiffieHellman>(new ModpDiffieHellman(group, std::move(key)));
}

} // namespace ipsec::ike::crypto::detail
