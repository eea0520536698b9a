// SPDX-License-Identifier: GPL-2.0-or-later
// IKE_SA_INIT (RFC 7296 sections 1.2, 2.6, 2.7): SA, KE, Ni/Nr, NAT detection,
// IKEV2_FRAGMENTATION_SUPPORTED and SIGNATURE_HASH_ALGORITHMS; the initiator
// repeats its request with a COOKIE or with the group an INVALID_KE_PAYLOAD
// asks for; the responder keeps no state for a COOKIE, NO_PROPOSAL_CHOSEN or
// INVALID_KE_PAYLOAD answer.
#pragma once

#include "ike/crypto/proposal.hpp"
#include "ike/engine/endpoint.hpp"
#include "ike/engine/task.hpp"

#include <memory>
#include <optional>

namespace ipsec::ike::engine {

class IkeInit final : public Task {
public:
    static Result<std::unique_ptr<Task>> create(EngineCore& core, IkeSa& sa);

    wire::ExchangeType exchange() const override { return wire::ExchangeType::ike_sa_init; }
    std::string_view name() const override { return "IKE_INIT"; }
    Result<std::vector<wire::Payload>> build_request(EngineCore& core, IkeSa& sa) override;
    TaskStatus process_response(EngineCore& core, IkeSa& sa, const Received& response) override;
    bool fail_pending(EngineCore& core, IkeSa& sa) override;

private:
    IkeInit(std::vector<::ipsec::ike::crypto::Proposal> proposals, std::uint16_t group)
        : m_proposals(std::move(proposals)), m_group(group) {}

    std::vector<::ipsec::ike::crypto::Proposal> m_proposals;
    std::uint16_t m_group;
    unsigned m_cookies = 0;
    unsigned m_ke_retries = 0;
    std::optional<wire::NotifyType> m_error_seen; // an unauthenticated error notify
};

// The responder's side: a new half-open IKE_SA, or a stateless answer.
void respond_ike_sa_init(EngineCore& core, const wire::Message& request,
                         std::vector<std::uint8_t> datagram, const Endpoint& local,
                         const Endpoint& remote);

// The notify data of SIGNATURE_HASH_ALGORITHMS we send (SHA2-256/384/512, Identity).
wire::Bytes signature_hash_algorithms();

} // namespace ipsec::ike::engine
