// SPDX-License-Identifier: GPL-2.0-or-later
// Internal: AES-XCBC-MAC (RFC 3566) over Botan's AES-128 block cipher; Botan 2
// has CMAC but no XCBC. Full 128-bit output; callers truncate.
#pragma once

#include "ike/crypto/bytes.hpp"

namespace ipsec::ike::crypto {

// key must be 16 bytes.
Bytes aes_xcbc_mac(ByteView key, ByteView data);

} // namespace ipsec::ike::crypto
