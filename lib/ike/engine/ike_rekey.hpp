// SPDX-License-Identifier: GPL-2.0-or-later
// Rekeying the IKE_SA (RFC 7296 sections 1.3.2, 2.18): CREATE_CHILD_SA with an
// IKE proposal carrying the new SPI, Ni/Nr and KE. SKEYSEED = prf(SK_d (old),
// g^ir (new) | Ni | Nr); the CHILD_SAs move to the new IKE_SA, message IDs
// restart at 0, and the rekey's initiator deletes the old IKE_SA.
#pragma once

#include "ike/crypto/diffie_hellman.hpp"
#include "ike/crypto/proposal.hpp"
#include "ike/engine/task.hpp"

#include <memory>

namespace ipsec::ike::engine {

class IkeRekey final : public Task {
public:
    wire::ExchangeType exchange() const override { return wire::ExchangeType::create_child_sa; }
    std::string_view name() const override { return "IKE_REKEY"; }
    Result<std::vector<wire::Payload>> build_request(EngineCore& core, IkeSa& sa) override;
    TaskStatus process_response(EngineCore& core, IkeSa& sa, const Received& response) override;
    void abort(EngineCore& core, IkeSa& sa) override;

private:
    std::uint64_t m_spi = 0;
    std::vector<std::uint8_t> m_ni;
    std::vector<::ipsec::ike::crypto::Proposal> m_proposals;
    std::unique_ptr<::ipsec::ike::crypto::DiffieHellman> m_dh;
};

Result<Response> respond_ike_rekey(EngineCore& core, IkeSa& sa, const Received& request);

} // namespace ipsec::ike::engine
