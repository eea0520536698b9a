// SPDX-License-Identifier: GPL-2.0-or-later
// strongSwan's ike= / esp= / ah= proposal strings (ipsec.conf(5), swanctl.conf
// "proposals"): proposals separated by commas, algorithm keywords within a
// proposal separated by dashes, e.g.
//
//   aes128-sha256-modp2048
//   aes256gcm16-prfsha384-ecp384
//   aes128-sha1,aes256-sha256-curve25519!
//
// A trailing '!' makes the list strict; without it strongSwan appends its
// default proposals (configured_proposals() does the same with ours). As in
// strongSwan: an IKE proposal without a PRF takes the PRFs matching its
// integrity algorithms; AEAD and classic ciphers may not share a proposal
// (an AEAD proposal drops integrity); ESP/AH drop PRFs and default to
// no extended sequence numbers.
#pragma once

#include "ike/crypto/proposal.hpp"

#include <optional>
#include <string_view>
#include <vector>

namespace ipsec::ike::crypto {

struct ProposalList {
    std::vector<Proposal> proposals;
    bool strict = false; // the string ended with '!'
};

// Errors name the offending keyword or proposal, e.g. "unknown algorithm
// 'aes127' in ESP proposal 'aes127-sha1'".
ipsec::Result<ProposalList> parse_proposal_string(Protocol protocol, std::string_view text);

// What a connection proposes and accepts: the parsed proposals, followed by
// default_proposals(protocol) unless the string is strict; no string at all
// gives the defaults alone.
ipsec::Result<std::vector<Proposal>> configured_proposals(Protocol protocol,
                                                          std::optional<std::string_view> text);

} // namespace ipsec::ike::crypto
