// SPDX-License-Identifier: GPL-2.0-or-later
// What the engine gives back (DESIGN.md principle 6): datagrams to send, timers
// to arm and events to log, through a sink the caller injects. Kernel requests go
// through the injected ipxf::KernelIpsec.
#pragma once

#include "ike/engine/config.hpp"
#include "ike/engine/endpoint.hpp"
#include "ike/engine/time.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace ipsec::ike::engine {

struct Datagram {
    Endpoint local;
    Endpoint remote;
    // What goes into the UDP payload: with the 4-octet non-ESP marker on port 4500
    // (a NAT keepalive, the single octet 0xFF of RFC 3948, has none).
    std::vector<std::uint8_t> bytes;
};

enum class EventType {
    log,                   // anything else worth a log line
    ike_connecting,        // IKE_SA_INIT sent
    ike_established,       // both AUTHs verified
    ike_rekeyed,           // a new IKE_SA replaced an old one
    ike_deleted,           // an IKE_SA is gone (deleted, failed or expired)
    ike_failed,            // establishment failed (NO_PROPOSAL_CHOSEN, timeout, ...)
    authentication_failed, // AUTH did not verify, or the peer said so
    no_proposal_chosen,    // no common proposal (IKE or CHILD)
    invalid_ke,            // INVALID_KE_PAYLOAD sent or received
    cookie,                // COOKIE sent or received
    child_installed,       // SAs and policies are in the kernel
    child_rekeyed,         // a new CHILD_SA replaced an old one
    child_deleted,         // SAs (and policies) removed
    child_failed,          // a CHILD_SA could not be set up
    retransmit,            // a request was sent again
    peer_dead,             // retransmits exhausted
    message_dropped,       // a datagram was ignored (malformed, unexpected, bad ICV)
};

std::string event_type_name(EventType type);

// What an updown script needs to know of a CHILD_SA (child_installed,
// child_rekeyed and child_deleted events carry it).
struct ChildInfo {
    Endpoint local;
    Endpoint remote;
    std::string local_id;
    std::string remote_id;
    std::vector<TsRange> local_ts;
    std::vector<TsRange> remote_ts;
    std::uint32_t reqid = 0;
    bool encap = false;
    MarkConfig mark_in;
    MarkConfig mark_out;
    // Deleted: it had been replaced by a rekey (no "down" for the tunnel).
    bool replaced = false;
};

struct Event {
    EventType type = EventType::log;
    std::string conn;           // the PeerConfig's name
    std::uint32_t ike_id = 0;   // IKE_SA unique id ("host-host[1]"), 0 if none
    std::uint32_t child_id = 0; // CHILD_SA unique id ("host-host{1}"), 0 if none
    std::string text;           // charon-like log text
    std::optional<ChildInfo> child;
};

class EngineSink {
public:
    virtual ~EngineSink() = default;
    virtual void send(const Datagram& datagram) = 0;
    // Call Engine::on_timer at (or after) this deadline. Several may be armed.
    virtual void arm_timer(Time deadline) = 0;
    virtual void event(const Event& event) = 0;
};

} // namespace ipsec::ike::engine
