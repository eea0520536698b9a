// SPDX-License-Identifier: GPL-2.0-or-later
#include "ike/crypto/sk_ciphers.hpp"

#include "ike/crypto/transform_registry.hpp"

namespace ipsec::ike::crypto {

namespace {

ipsec::Result<Encryption> make_one(const IkeSuite& suite, const Bytes& encr_key,
                                   const Bytes& integ_key) {
    std::optional<Integrity> integ;
    if (!is_aead(suite.encr)) {
        if (!suite.integ)
            return ipsec::Error::plain(
                "IKE suite with " +
                transform_name(make_transform(suite.encr, suite.encr_key_length)) +
                " lacks an integrity algorithm");
        auto i = Integrity::create(*suite.integ, integ_key);
        if (!i)
            return i.error();
        integ = std::move(*i);
    }
    return Encryption::create(suite.encr, suite.encr_key_length, encr_key, std::move(integ));
}

} // namespace

ipsec::Result<SkCiphers> make_sk_ciphers(const IkeSuite& suite, const IkeSaKeys& keys,
                                         bool initiator) {
    auto i_to_r = make_one(suite, keys.sk_ei, keys.sk_ai);
    if (!i_to_r)
        return i_to_r.error();
    auto r_to_i = make_one(suite, keys.sk_er, keys.sk_ar);
    if (!r_to_i)
        return r_to_i.error();
    if (initiator)
        return SkCiphers{std::move(*i_to_r), std::move(*r_to_i)};
    return SkCiphers{std::move(*r_to_i), std::move(*i_to_r)};
}

} // namespace ipsec::ike::crypto
