// SPDX-License-Identifier: GPL-2.0-or-later
// Dead peer detection (RFC 7296 section 2.4): an empty INFORMATIONAL request
// when nothing came from the peer for dpddelay. Its answer is the proof of
// life; no answer after the retransmits means the peer is dead (dpdaction).
#pragma once

#include "ike/engine/task.hpp"

namespace ipsec::ike::engine {

class Dpd final : public Task {
public:
    wire::ExchangeType exchange() const override { return wire::ExchangeType::informational; }
    std::string_view name() const override { return "IKE_DPD"; }
    Result<std::vector<wire::Payload>> build_request(EngineCore& core, IkeSa& sa) override;
    TaskStatus process_response(EngineCore& core, IkeSa& sa, const Received& response) override;
};

} // namespace ipsec::ike::engine
