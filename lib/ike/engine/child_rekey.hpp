// SPDX-License-Identifier: GPL-2.0-or-later
// Rekeying a CHILD_SA (RFC 7296 section 2.8): CREATE_CHILD_SA with REKEY_SA
// naming the old inbound SPI. The new SAs go into the kernel (same reqid, the
// policies stay) before the old ones are deleted with an INFORMATIONAL DELETE.
// The exchange itself is a ChildCreate made for the rekey (child_create.hpp):
// this task adds what is particular to a rekey, the old CHILD_SA's state and
// the hand-over.
#pragma once

#include "ike/engine/child_create.hpp"
#include "ike/engine/child_sa.hpp"
#include "ike/engine/task.hpp"

#include <memory>

namespace ipsec::ike::engine {

class ChildRekey final : public Task {
public:
    explicit ChildRekey(std::uint32_t child_id, std::uint16_t group = 0)
        : m_old_id(child_id), m_group(group) {}

    wire::ExchangeType exchange() const override { return wire::ExchangeType::create_child_sa; }
    std::string_view name() const override { return "CHILD_REKEY"; }
    Result<std::vector<wire::Payload>> build_request(EngineCore& core, IkeSa& sa) override;
    TaskStatus process_response(EngineCore& core, IkeSa& sa, const Received& response) override;
    void abort(EngineCore& core, IkeSa& sa) override;

private:
    std::uint32_t m_old_id;
    std::uint16_t m_group; // PFS group asked for by an INVALID_KE_PAYLOAD, 0: ours
    std::unique_ptr<ChildCreate> m_create;
};

Result<Response> respond_child_rekey(EngineCore& core, IkeSa& sa, const Received& request);

} // namespace ipsec::ike::engine
