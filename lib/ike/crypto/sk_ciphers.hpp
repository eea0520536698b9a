// SPDX-License-Identifier: GPL-2.0-or-later
// The two SK payload ciphers of an IKE_SA, from its suite and keys: the
// initiator protects what it sends with SK_ei/SK_ai and checks what it
// receives with SK_er/SK_ar; the responder the other way round.
#pragma once

#include "ike/crypto/encryption.hpp"
#include "ike/crypto/key_schedule.hpp"

namespace ipsec::ike::crypto {

struct SkCiphers {
    Encryption outbound;
    Encryption inbound;
};

ipsec::Result<SkCiphers> make_sk_ciphers(const IkeSuite& suite, const IkeSaKeys& keys,
                                         bool initiator);

} // namespace ipsec::ike::crypto
