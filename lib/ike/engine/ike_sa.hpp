// SPDX-License-Identifier: GPL-2.0-or-later
// An IKE_SA: SPIs, endpoints, the IKE_SA_INIT material its AUTH covers, the
// negotiated suite and keys with the SK payload protection, message IDs (window
// size 1), the request in flight, the last response (replayed for a
// retransmitted request) and its CHILD_SAs.
#pragma once

#include "ike/crypto/diffie_hellman.hpp"
#include "ike/crypto/key_schedule.hpp"
#include "ike/crypto/proposal.hpp"
#include "ike/crypto/sk_ciphers.hpp"
#include "ike/engine/child_sa.hpp"
#include "ike/engine/config.hpp"
#include "ike/engine/natd.hpp"
#include "ike/engine/states.hpp"
#include "ike/engine/task.hpp"
#include "ike/wire/message.hpp"

#include <deque>
#include <map>
#include <memory>
#include <optional>

namespace ipsec::ike::engine {

struct PendingRequest {
    std::unique_ptr<Task> task;
    std::uint32_t message_id = 0;
    wire::ExchangeType exchange = wire::ExchangeType::informational;
    std::vector<std::uint8_t> datagram; // as sent, without the non-ESP marker
    unsigned sent = 0;                  // retransmits so far
    Time next_send{0};
};

class EngineCore;

class IkeSa {
public:
    std::uint32_t unique_id = 0;
    PeerConfig config;
    // Changed only through EngineCore::set_state (the transition guard).
    IkeState state() const { return m_state; }
    bool original_initiator = false;
    std::uint64_t spi_i = 0;
    std::uint64_t spi_r = 0;
    Endpoint local;
    Endpoint remote;
    Identity local_id;
    Identity remote_id;

    // IKE_SA_INIT
    std::vector<std::uint8_t> ni, nr;
    std::unique_ptr<::ipsec::ike::crypto::DiffieHellman> dh;
    std::vector<std::uint8_t> cookie;
    std::vector<std::uint8_t> init_request;  // as sent by the initiator, no marker
    std::vector<std::uint8_t> init_response; // as sent by the responder
    NatdResult nat;

    ::ipsec::ike::crypto::Proposal proposal;
    std::optional<::ipsec::ike::crypto::IkeSuite> suite;
    ::ipsec::ike::crypto::IkeSaKeys keys;
    std::optional<::ipsec::ike::crypto::SkCiphers> ciphers;

    // Message IDs.
    std::uint32_t next_request_id = 0;     // of our next request
    std::uint32_t expected_request_id = 0; // of the peer's next request
    std::deque<std::unique_ptr<Task>> queue;
    std::optional<PendingRequest> active;
    std::optional<std::uint32_t> cached_response_id;
    std::vector<std::uint8_t> cached_response; // as sent, without the non-ESP marker
    // SHA-256 of the request the cached response answers (its first fragment
    // when fragmented): only that request is answered from the cache.
    std::vector<std::uint8_t> cached_request_hash;
    std::vector<std::uint8_t> pending_request_hash; // of the request being received
    // Both sides sent IKEV2_FRAGMENTATION_SUPPORTED (RFC 7383 2.3): SKF is
    // accepted only then.
    bool fragmentation = false;
    std::size_t fragment_bytes_max = 65536;

    std::vector<std::unique_ptr<ChildSa>> children;

    Time created_at{0};
    Time last_received{0};
    std::optional<Time> rekey_at;
    std::optional<Time> expire_at;    // half-open timeout, then the hard IKE lifetime
    std::optional<Time> keepalive_at; // next NAT keepalive (RFC 3948), when behind a NAT
    unsigned keying_try = 1;

    std::uint64_t local_spi() const { return original_initiator ? spi_i : spi_r; }
    std::uint64_t remote_spi() const { return original_initiator ? spi_r : spi_i; }
    // "host-host[1]"
    std::string name() const { return config.name + "[" + std::to_string(unique_id) + "]"; }
    // "192.168.27.128[192.168.27.128]...192.168.27.132[192.168.27.132]"
    std::string between() const;

    // The header of a message on this IKE_SA.
    wire::Header header(wire::ExchangeType exchange, bool response, std::uint32_t id) const;
    // An SK message with `inner` (ciphers must be set).
    Result<std::vector<std::uint8_t>> protect(const wire::Header& header,
                                              const std::vector<wire::Payload>& inner,
                                              ::ipsec::ike::crypto::Rng& rng) const;
    // The inner payloads of a received SK message: ICV checked, decrypted, parsed.
    // For an SKF fragment (RFC 7383) each fragment is checked and decrypted on its
    // own and kept; nullopt until the last one of the message is there.
    Result<std::optional<std::vector<wire::Payload>>>
    unprotect(const wire::Message& message, std::span<const std::uint8_t> datagram);

    // Fragments of the message being reassembled.
    struct Reassembly {
        std::uint32_t message_id = 0;
        bool response = false;
        std::uint16_t total = 0;
        wire::PayloadType first_inner = wire::PayloadType::none;
        std::map<std::uint16_t, std::vector<std::uint8_t>> plaintexts;
        std::size_t bytes = 0;
    };
    std::optional<Reassembly> reassembly;

    ChildSa* find_child_by_inbound(std::uint32_t spi);
    ChildSa* find_child_by_outbound(std::uint32_t spi);
    ChildSa* find_child(std::uint32_t unique_id);

private:
    friend class EngineCore;
    IkeState m_state = IkeState::created;
    bool m_half_open = false; // counted in EngineCore's half-open index
};

} // namespace ipsec::ike::engine
