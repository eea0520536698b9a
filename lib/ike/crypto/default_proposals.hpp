// SPDX-License-Identifier: GPL-2.0-or-later
// Default proposals.
//
// strongswan_default_proposals(): what charon 5.9.8 proposes when ike=/esp=
// is not given (or appends when it has no '!'), as in the lab VM with its
// Debian 12 plugin set (aesni, openssl, xcbc, gcm, gmp...): for IKE one
// classic and one AEAD proposal, key exchange methods starting with
// Curve25519; for ESP AES-CBC with HMAC-SHA2/SHA1/XCBC, and AES-GCM-16.
//
// default_proposals(): ours, the same lists and order with only the
// transforms this library implements, so a strongSwan peer with default
// settings and we choose the same suites.
#pragma once

#include "ike/crypto/proposal.hpp"

#include <vector>

namespace ipsec::ike::crypto {

std::vector<Proposal> strongswan_default_proposals(Protocol protocol);
std::vector<Proposal> default_proposals(Protocol protocol);

} // namespace ipsec::ike::crypto
