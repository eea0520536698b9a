// SPDX-License-Identifier: GPL-2.0-or-later
// Deleting an IKE_SA (RFC 7296 section 1.4.1): INFORMATIONAL with a Delete
// payload for the IKE protocol. Its CHILD_SAs go with it (unless a rekey moved
// them to a new IKE_SA already).
#pragma once

#include "ike/engine/task.hpp"

namespace ipsec::ike::engine {

class IkeDelete final : public Task {
public:
    wire::ExchangeType exchange() const override { return wire::ExchangeType::informational; }
    std::string_view name() const override { return "IKE_DELETE"; }
    Result<std::vector<wire::Payload>> build_request(EngineCore& core, IkeSa& sa) override;
    TaskStatus process_response(EngineCore& core, IkeSa& sa, const Received& response) override;
};

} // namespace ipsec::ike::engine
