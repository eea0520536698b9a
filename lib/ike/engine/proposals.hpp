// SPDX-License-Identifier: GPL-2.0-or-later
// SA payload proposals between the wire model and the crypto helper's plain
// proposals, and the configured lists of a connection.
#pragma once

#include "common/result.hpp"
#include "ike/crypto/proposal.hpp"
#include "ike/wire/payloads.hpp"

#include <optional>
#include <string>
#include <vector>

namespace ipsec::ike::engine {

namespace crypto = ::ipsec::ike::crypto;

// The transforms in charon's order: encryption, integrity, PRF, KE, ESN.
wire::Proposal to_wire(const crypto::Proposal& proposal);
// Error INVALID_SYNTAX for a transform the crypto layer cannot express
// (an attribute other than Key Length, a type above ESN).
Result<crypto::Proposal> from_wire(const wire::Proposal& proposal);

// Our proposals numbered 1, 2, ... with `spi` in each.
wire::SaPayload sa_payload(const std::vector<crypto::Proposal>& proposals,
                           const crypto::Bytes& spi);
Result<std::vector<crypto::Proposal>> from_wire(const wire::SaPayload& sa);

// A configured list, or the defaults when it is empty.
Result<std::vector<crypto::Proposal>> configured(crypto::Protocol protocol,
                                                 const std::vector<crypto::Proposal>& list);
// An ike= / esp= string parsed once into a configured list (nullopt: an empty
// list, which stands for the defaults).
Result<std::vector<crypto::Proposal>> parse_proposals(crypto::Protocol protocol,
                                                      const std::optional<std::string>& text);

// "IKE:AES_CBC_128/..., ESP:..." for logs.
std::string to_string(const std::vector<crypto::Proposal>& proposals);

} // namespace ipsec::ike::engine
