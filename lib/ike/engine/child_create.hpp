// SPDX-License-Identifier: GPL-2.0-or-later
// CREATE_CHILD_SA for a new CHILD_SA (RFC 7296 sections 1.3.1, 2.9, 2.17), and
// the CHILD_SA negotiation IKE_AUTH and the rekey share: proposals (with a PFS
// group outside IKE_AUTH), traffic selectors (narrowed by the responder),
// USE_TRANSPORT_MODE, KEYMAT and the kernel install.
#pragma once

#include "ike/crypto/diffie_hellman.hpp"
#include "ike/crypto/proposal.hpp"
#include "ike/engine/child_sa.hpp"
#include "ike/engine/task.hpp"
#include "ike/engine/traffic_selector.hpp"

#include <memory>
#include <optional>

namespace ipsec::ike::engine {

namespace crypto = ::ipsec::ike::crypto;

// Initiator: a CHILD_SA for `config` with its inbound SPI allocated.
Result<std::unique_ptr<ChildSa>> prepare_child(EngineCore& core, IkeSa& sa,
                                               const ChildConfig& config,
                                               std::optional<std::uint32_t> reqid);

// Initiator: SA, TSi, TSr and USE_TRANSPORT_MODE for `child`.
void child_request_payloads(const ChildSa& child, const std::vector<crypto::Proposal>& proposals,
                            std::vector<wire::Payload>& out);

// The configured ESP proposals of a child; in IKE_AUTH without KE transforms.
Result<std::vector<crypto::Proposal>> child_proposals(const ChildConfig& config, bool ike_auth);

// What the initiator checks a CHILD_SA answer against and derives its keys from.
struct ChildAnswer {
    const std::vector<crypto::Proposal>& offered;
    const std::vector<wire::Payload>& response;
    const std::vector<std::uint8_t>& ni;
    const std::vector<std::uint8_t>& nr;
    std::optional<std::vector<std::uint8_t>> g_ir; // with PFS
    bool in_ike_auth = false;                      // no KE transforms, no PFS
    bool install_policies = true;                  // false for a rekey: the old ones stay
};
// Initiator: checks the responder's SA/TS answer, derives the keys and installs
// the CHILD_SA. On error nothing of it stays in the kernel.
Result<void> finish_child(EngineCore& core, IkeSa& sa, ChildSa& child, const ChildAnswer& answer);

// Responder: picks a config, proposal and narrowed selectors for the request,
// installs the CHILD_SA and appends SA, [KE], TSi, TSr, [USE_TRANSPORT_MODE] to
// `out`. `replaces`: the CHILD_SA a REKEY_SA names (its config, reqid and
// policies carry over).
Result<ChildSa*> respond_child(EngineCore& core, IkeSa& sa,
                               const std::vector<wire::Payload>& request,
                               const std::vector<std::uint8_t>& ni,
                               const std::vector<std::uint8_t>& nr, bool ike_auth,
                               const ChildSa* replaces, std::vector<wire::Payload>& out);

// Sets the rekey (if we created it) and expiry deadlines of an installed CHILD_SA.
void schedule_child_lifetime(EngineCore& core, ChildSa& child);

// "CHILD_SA host-host{1} established with SPIs c0000001_i c1234567_o and TS a === b"
std::string child_established_text(const ChildSa& child);

// The initiator's task for a new CHILD_SA on an established IKE_SA. The rekey
// task (child_rekey.hpp) holds one made with rekeying(): the same exchange
// with REKEY_SA first, the old CHILD_SA's reqid, mode and selectors, and no new
// policies.
class ChildCreate final : public Task {
public:
    explicit ChildCreate(ChildConfig config, std::uint16_t group = 0)
        : m_config(std::move(config)), m_group(group) {}
    static std::unique_ptr<ChildCreate> rekeying(const ChildSa& old, std::uint16_t group);

    const ChildConfig& config() const { return m_config; }
    wire::ExchangeType exchange() const override { return wire::ExchangeType::create_child_sa; }
    std::string_view name() const override { return "CHILD_CREATE"; }
    Result<std::vector<wire::Payload>> build_request(EngineCore& core, IkeSa& sa) override;
    TaskStatus process_response(EngineCore& core, IkeSa& sa, const Received& response) override;
    void abort(EngineCore& core, IkeSa& sa) override;

    // The response checked and the CHILD_SA installed (then child() holds it),
    // or why not (then the caller reports it and calls abort()); `retry_group`
    // is set when the peer asked for another PFS group we offer and the
    // exchange should be made again with it.
    struct Outcome {
        Result<void> result;
        std::uint16_t retry_group = 0;
    };
    Outcome complete(EngineCore& core, IkeSa& sa, const Received& response);
    ChildSa* child() { return m_child.get(); }
    std::unique_ptr<ChildSa> take_child() { return std::move(m_child); }

private:
    ChildConfig m_config;
    std::uint16_t m_group; // PFS group asked for by an INVALID_KE_PAYLOAD, 0: ours
    struct Rekey {
        std::uint32_t old_inbound_spi;
        std::uint32_t reqid;
        ChildMode mode;
        std::vector<TsRange> local_ts, remote_ts;
    };
    std::optional<Rekey> m_rekey;
    std::unique_ptr<ChildSa> m_child;
    std::vector<crypto::Proposal> m_proposals;
    std::vector<std::uint8_t> m_ni;
    std::unique_ptr<crypto::DiffieHellman> m_dh;
};

Result<Response> respond_create_child(EngineCore& core, IkeSa& sa, const Received& request);

// PFS helpers shared with the rekey task: a KE payload for the first
// proposal's group (if any), and g^ir from the peer's KE payload.
// `group`: the one an INVALID_KE_PAYLOAD asked for (0: the first proposal's).
Result<std::unique_ptr<crypto::DiffieHellman>>
pfs_key_exchange(EngineCore& core, const std::vector<crypto::Proposal>& proposals,
                 std::uint16_t group, std::vector<wire::Payload>& out);
// The group an INVALID_KE_PAYLOAD in `response` asks for, if we offered it (else 0).
std::uint16_t requested_group(const std::vector<crypto::Proposal>& proposals,
                              const std::vector<wire::Payload>& response);
Result<std::optional<std::vector<std::uint8_t>>>
pfs_shared_secret(const crypto::DiffieHellman* dh, const std::vector<wire::Payload>& response);

} // namespace ipsec::ike::engine
