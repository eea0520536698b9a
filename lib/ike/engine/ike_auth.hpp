// SPDX-License-Identifier: GPL-2.0-or-later
// IKE_AUTH (RFC 7296 sections 1.2, 2.15): IDi/IDr, PSK AUTH over the
// IKE_SA_INIT messages, INITIAL_CONTACT, and the first CHILD_SA (SA, TSi/TSr,
// USE_TRANSPORT_MODE). AUTHENTICATION_FAILED ends the IKE_SA on both sides; a
// CHILD_SA that fails leaves the IKE_SA up.
#pragma once

#include "ike/crypto/proposal.hpp"
#include "ike/engine/child_sa.hpp"
#include "ike/engine/task.hpp"

#include <memory>
#include <optional>

namespace ipsec::ike::engine {

class IkeAuth final : public Task {
public:
    explicit IkeAuth(std::optional<ChildConfig> child) : m_config(std::move(child)) {}
    wire::ExchangeType exchange() const override { return wire::ExchangeType::ike_auth; }
    std::string_view name() const override { return "IKE_AUTH"; }
    Result<std::vector<wire::Payload>> build_request(EngineCore& core, IkeSa& sa) override;
    TaskStatus process_response(EngineCore& core, IkeSa& sa, const Received& response) override;
    void abort(EngineCore& core, IkeSa& sa) override;

private:
    std::optional<ChildConfig> m_config;
    std::unique_ptr<ChildSa> m_child;
    std::vector<::ipsec::ike::crypto::Proposal> m_proposals;
};

Result<Response> respond_ike_auth(EngineCore& core, IkeSa& sa, const Received& request);

} // namespace ipsec::ike::engine
