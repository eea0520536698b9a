// SPDX-License-Identifier: GPL-2.0-or-later
#include "ike/crypto/psk_auth.hpp"

#include "ike/crypto/prf.hpp"

#include <botan/mem_ops.h>

namespace ipsec::ike::crypto {

ipsec::Result<Bytes> signed_octets(PrfId prf_id, ByteView real_message, ByteView peer_nonce,
                                   ByteView sk_p, ByteView id_body) {
    auto prf = Prf::create(prf_id);
    if (!prf)
        return prf.error();
    if (id_body.size() < 4)
        return ipsec::Error::ike(notify::invalid_syntax,
                                 "ID payload body of " + std::to_string(id_body.size()) +
                                     " bytes (needs ID Type and 3 reserved bytes)");
    Bytes maced_id = prf->compute(sk_p, id_body);
    return concat({real_message, peer_nonce, maced_id});
}

ipsec::Result<Bytes> psk_auth(PrfId prf_id, ByteView shared_secret, ByteView octets) {
    auto prf = Prf::create(prf_id);
    if (!prf)
        return prf.error();
    if (shared_secret.empty())
        return ipsec::Error::plain("empty pre-shared key");
    Bytes padded_key = prf->compute(shared_secret, as_bytes(kKeyPad));
    return prf->compute(padded_key, octets);
}

ipsec::Result<void> verify_psk_auth(PrfId prf, ByteView shared_secret, ByteView octets,
                                    ByteView auth_data) {
    auto expected = psk_auth(prf, shared_secret, octets);
    if (!expected)
        return expected.error();
    if (expected->size() != auth_data.size() ||
        !Botan::constant_time_compare(expected->data(), auth_data.data(), auth_data.size()))
        return ipsec::Error::ike(notify::authentication_failed,
                                 "pre-shared key AUTH data does not match");
    return ipsec::success();
}

} // namespace ipsec::ike::crypto
