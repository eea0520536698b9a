// SPDX-License-Identifier: GPL-2.0-or-later
// The engine's inside: its SAs, the services tasks use (events, SPIs, reqids,
// timers, sending, the kernel) and the dispatch of datagrams and timers. Engine
// (engine.hpp) is the public face over it.
#pragma once

#include "ike/crypto/rng.hpp"
#include "ike/engine/config.hpp"
#include "ike/engine/cookie.hpp"
#include "ike/engine/ike_sa.hpp"
#include "ike/engine/output.hpp"
#include "xfrm/kernel_ipsec.hpp"

#include <functional>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

namespace ipsec::ike::engine {

// An auto=route conn's trap: policies without SAs (kernel_child.hpp) whose
// first packet makes the kernel send an ACQUIRE.
struct Trap {
    std::uint32_t unique_id = 0; // "host-host{1}": counted with the CHILD_SAs, as charon does
    std::string peer;            // its conn (PeerConfig name)
    ChildConfig config;          // with the reqid its CHILD_SAs get
    Endpoint local;
    Endpoint remote;
    std::vector<TsRange> local_ts;
    std::vector<TsRange> remote_ts;
};

class EngineCore {
public:
    EngineCore(EngineSettings settings, ::ipsec::ike::crypto::Rng& rng, ipxf::KernelIpsec& kernel,
               EngineSink& sink);

    EngineSettings settings;
    ::ipsec::ike::crypto::Rng& rng;
    ipxf::KernelIpsec& kernel;
    EngineSink& sink;
    std::vector<PeerConfig> peers;
    // The pre-shared key for a pair of identities (ipsec.secrets), asked once
    // the peer's identity is known; unset or nullopt: the conn's `psk`.
    std::function<std::optional<SecretBytes>(const Identity& me, const Identity& other)> psk_lookup;
    std::map<std::uint64_t, std::unique_ptr<IkeSa>> sas; // by our SPI
    CookieJar cookies;
    Time now{0};
    std::uint32_t next_ike_id = 1;
    std::uint32_t next_child_id = 1;
    std::uint32_t next_reqid = 1;
    std::vector<Trap> traps;
    // CHILD_SA configs to hold (route) or restart once the current input is
    // done (dpdaction=, closeaction=): Engine acts on them.
    struct AfterClose {
        std::string child;
        DpdAction action = DpdAction::none;
    };
    std::vector<AfterClose> after_close;
    // Notes what closeaction= says for the CHILD_SAs of a closing IKE_SA, or one.
    void closed_by_peer(const IkeSa& sa, const ChildSa* only);
    std::map<std::string, std::uint32_t> trap_reqids; // by CHILD_SA config name, kept

    // Services for the tasks.
    void emit(EventType type, const IkeSa* sa, const ChildSa* child, std::string text);
    std::uint64_t new_spi();
    IkeSa& adopt(std::unique_ptr<IkeSa> sa);
    void queue_task(IkeSa& sa, std::unique_ptr<Task> task);
    // Removes its CHILD_SAs from the kernel (unless they moved away), aborts its
    // tasks and marks it destroyed; it is freed once the current input is done.
    void destroy(IkeSa& sa, const std::string& why);
    void arm(Time deadline);
    // Sends a datagram, with the non-ESP marker on the NAT-T port.
    void send(const Endpoint& local, const Endpoint& remote, std::vector<std::uint8_t> bytes);
    std::uint32_t allocate_reqid(const ChildConfig& config);
    // Whether a trap has this policy (selector, direction, reqid) in the kernel.
    bool trap_covers(const ipxf::Policy& policy) const;
    // A log event for a conn, outside any SA.
    void emit_conn(const std::string& conn, std::string text);
    // The one door for IKE_SA state changes: a change the state machine
    // (states.cpp) does not allow is refused, logged, and returned as an error.
    // Keeps the half-open index and the list of IKE_SAs to free.
    Result<void> set_state(IkeSa& sa, IkeState to);
    // The same door for a CHILD_SA of `sa`.
    Result<void> set_state(IkeSa& sa, ChildSa& child, ChildState to);
    // Half-open IKE_SAs we respond to: in all, and from one address.
    unsigned half_open_count() const { return m_half_open_total; }
    unsigned half_open_from(const ipxf::Address& address) const;
    // The responder IKE_SAs an initiator SPI names (IKE_SA_INIT retransmits).
    std::vector<IkeSa*> responder_sas(std::uint64_t spi_i);
    // The conn for an IKE_SA_INIT: the best address match (an exact address
    // before a subnet or range, before %any), the first of equals.
    const PeerConfig* find_peer(const Endpoint& local, const Endpoint& remote) const;
    // The conn for a peer once its identities are known (IKE_AUTH): among the
    // conns that accept the addresses, the best match of the received IDi
    // (and IDr if sent) with rightid (and leftid), then of the addresses;
    // nullptr when no conn takes the identities.
    const PeerConfig* select_peer(const Endpoint& local, const Endpoint& remote,
                                  const Identity& peer_id,
                                  const std::optional<Identity>& wanted_local) const;
    IkeSa* find_sa(std::uint32_t unique_id);
    ChildSa* find_child(std::uint32_t unique_id, IkeSa** owner);
    // A retry delay after a failed rekey (a collision): 10 to 20 s, drawn from the
    // RNG so that two peers that collided do not collide again.
    Time retry_delay();
    // Schedules the lifetimes of an IKE_SA that just got established.
    void schedule_ike_lifetime(IkeSa& sa);

    // Inputs.
    Result<std::uint32_t> initiate(const PeerConfig& peer, const ChildConfig* child,
                                   unsigned keying_try = 1);
    void on_datagram(const Endpoint& local, const Endpoint& remote,
                     std::span<const std::uint8_t> bytes);
    void on_timer();
    // Frees destroyed IKE_SAs.
    void sweep();

private:
    void start_next(IkeSa& sa);
    void transmit_request(IkeSa& sa);
    void handle_request(IkeSa& sa, const wire::Message& message, std::vector<std::uint8_t> datagram,
                        const Endpoint& local, const Endpoint& remote);
    void handle_response(IkeSa& sa, const wire::Message& message,
                         std::vector<std::uint8_t> datagram, const Endpoint& local,
                         const Endpoint& remote);
    void give_up(IkeSa& sa);
    void check_timers(IkeSa& sa);

    struct AddressHash {
        std::size_t operator()(const ipxf::Address& a) const noexcept;
    };
    std::unordered_map<ipxf::Address, unsigned, AddressHash> m_half_open_by_address;
    unsigned m_half_open_total = 0;
    std::unordered_multimap<std::uint64_t, std::uint64_t> m_responder_by_spi_i; // -> our SPI
    std::vector<std::uint64_t> m_destroyed;                                     // our SPIs
};

} // namespace ipsec::ike::engine
