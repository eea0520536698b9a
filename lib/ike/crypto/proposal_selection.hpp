// SPDX-License-Identifier: GPL-2.0-or-later
// Proposal selection as a responder (RFC 7296 section 2.7), the way charon
// does it by default (charon.prefer_configured_proposals = yes): our
// proposals in our order, for each the peer's proposals in theirs; the first
// pair that shares an algorithm of every transform type wins, and within it
// our first algorithm of each type the peer also offered. The answer carries
// the peer's proposal number and SPI and exactly one transform of each type.
#pragma once

#include "ike/crypto/key_schedule.hpp"
#include "ike/crypto/proposal.hpp"

#include <span>

namespace ipsec::ike::crypto {

struct SelectionOptions {
    // false: the peer's order wins (charon.prefer_configured_proposals = no).
    bool prefer_configured = true;
    // Ignore key exchange methods: the CHILD_SA of IKE_AUTH takes its keys
    // from the IKE_SA, so the PFS group of an ESP proposal does not matter yet.
    bool skip_ke = false;
};

// Error NO_PROPOSAL_CHOSEN naming both sides' proposals when none matches.
ipsec::Result<Proposal> select_proposal(std::span<const Proposal> configured,
                                        std::span<const Proposal> received,
                                        SelectionOptions options = {});

// Whether a single received proposal (the responder's answer) is one we
// offered: each of its transforms in our proposal of that number's
// protocol, one of each required type. The initiator checks the answer with it.
ipsec::Result<Proposal> check_selected(std::span<const Proposal> offered, const Proposal& answer,
                                       SelectionOptions options = {});

// The negotiated algorithms of a selected IKE / ESP or AH proposal.
ipsec::Result<IkeSuite> ike_suite(const Proposal& selected);
ipsec::Result<ChildSuite> child_suite(const Proposal& selected);

} // namespace ipsec::ike::crypto
