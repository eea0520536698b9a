// SPDX-License-Identifier: GPL-2.0-or-later
// Deleting a CHILD_SA (RFC 7296 section 1.4.1): INFORMATIONAL with a Delete
// payload naming our inbound SPI; the peer answers with its own. Both sides
// remove the SAs (and, if the CHILD_SA owns them, the policies).
#pragma once

#include "ike/engine/task.hpp"

#include <cstdint>

namespace ipsec::ike::engine {

class ChildDelete final : public Task {
public:
    explicit ChildDelete(std::uint32_t child_id) : m_id(child_id) {}
    wire::ExchangeType exchange() const override { return wire::ExchangeType::informational; }
    std::string_view name() const override { return "CHILD_DELETE"; }
    Result<std::vector<wire::Payload>> build_request(EngineCore& core, IkeSa& sa) override;
    TaskStatus process_response(EngineCore& core, IkeSa& sa, const Received& response) override;

private:
    std::uint32_t m_id;
};

// Removes a CHILD_SA from the kernel and from the IKE_SA.
void remove_child(EngineCore& core, IkeSa& sa, std::uint32_t child_id);

// The responder's part: the ESP SPIs of a received Delete payload; appends the
// Delete payload of the answer (our inbound SPIs of the CHILD_SAs removed).
void respond_child_delete(EngineCore& core, IkeSa& sa, const wire::DeletePayload& request,
                          std::vector<wire::Payload>& out);

} // namespace ipsec::ike::engine
