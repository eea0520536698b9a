// SPDX-License-Identifier: GPL-2.0-or-later
// libipxf's kernel side: the XFRM netlink API (NETLINK_XFRM) over libnl-3.
// No libnl type appears here. Every error is an ipsec::Error with
// domain os, code = the kernel's errno, detail = the kernel's extended ACK
// message when it sent one.
#pragma once

#include "common/result.hpp"
#include "xfrm/model.hpp"

#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <variant>
#include <vector>

namespace ipxf {

using ipsec::Error;
using ipsec::Result;

inline constexpr std::uint8_t kIpsecProtoAny = 255; // IPSEC_PROTO_ANY for flush

// One request of a bulk run.
struct AddState {
    State state;
    bool update = false;
};
struct DeleteState {
    StateId id;
};
struct AddPolicy {
    Policy policy;
    bool update = false;
};
struct DeletePolicy {
    PolicyId id;
};
using BulkRequest = std::variant<AddState, DeleteState, AddPolicy, DeletePolicy>;

struct BulkOptions {
    // Stop at the first failed request (like ip -batch without -force). Requests
    // already sent after it may have been applied; with atomic they are undone.
    bool stop_on_error = true;
    // All or nothing: when any request fails, undo every one that was applied
    // (adds are deleted, deletes re-added, updates restored) before returning.
    bool atomic = false;
};

struct BulkFailure {
    std::size_t index; // position in the request vector
    Error error;
};

struct BulkResult {
    std::size_t applied = 0;           // requests the kernel accepted (and kept)
    std::vector<BulkFailure> failures; // in request order
    bool rolled_back = false;
};

// The fixed fields of the rarer notifications, as the kernel sent them
// (addresses carry the family of their message, which may be none).
struct AcquireInfo { // XFRM_MSG_ACQUIRE (the SA and policy: MonitorEvent)
    Selector sel;    // the packet's
    std::uint16_t policy_family = 0;
    std::uint8_t proto = 0; // id.proto
    std::uint32_t spi = 0;  // id.spi, host order
    std::uint32_t seq = 0, ealgos = 0, aalgos = 0, calgos = 0;
};
struct ReportInfo { // XFRM_MSG_REPORT (route optimization)
    std::uint8_t proto = 0;
    Selector sel;
    // each XFRMA_COADDR attribute: its address, or none when it is too short
    std::vector<std::optional<Address>> coaddrs;
};
struct AeventInfo {          // XFRM_MSG_NEWAE
    std::uint32_t flags = 0; // XFRM_AE_*
    StateId id;              // daddr, spi, proto, family
    Address saddr;
    std::uint32_t reqid = 0;
};
struct MappingInfo { // XFRM_MSG_MAPPING (NAT-T: the peer's address or port changed)
    StateId id;
    std::uint32_t reqid = 0;
    Address old_saddr, new_saddr;
    std::uint16_t old_sport = 0, new_sport = 0; // host order
};

// A kernel notification (ip xfrm monitor).
struct MonitorEvent {
    std::uint16_t type = 0; // XFRM_MSG_* of the notification
    std::optional<State>
        state; // NEWSA/UPDSA/DELSA (DELSA may carry only the id), EXPIRE, ACQUIRE's SA
    std::optional<Policy> policy;      // NEWPOLICY/UPDPOLICY/DELPOLICY/POLEXPIRE/ACQUIRE's policy
    std::optional<StateId> state_id;   // DELSA by id
    std::optional<PolicyId> policy_id; // DELPOLICY by id
    bool hard = false;                 // EXPIRE / POLEXPIRE
    std::optional<std::uint8_t> flush_proto; // FLUSHSA
    std::optional<std::uint8_t> flush_ptype; // FLUSHPOLICY
    // the fixed part of a message long enough for it, even when its
    // attributes did not decode
    std::optional<AcquireInfo> acquire;
    std::optional<ReportInfo> report;
    std::optional<AeventInfo> aevent;
    std::optional<MappingInfo> mapping;
    std::optional<DefaultPolicy> default_policy; // XFRM_MSG_GETDEFAULT
    std::vector<std::uint8_t> raw;               // the whole message
    // The id of the namespace it came from, as this namespace knows it
    // (after listen_all_namespaces()); -1: this namespace, or one without an id.
    int nsid = -1;
};

// The notification in one whole netlink message (nlmsghdr included, at least
// nlmsg_len bytes), as Netlink::monitor hands it over: decoded where it can
// be, else with only `type` and `raw`. For messages saved in a file (ip
// monitor ... file).
MonitorEvent decode_monitor_event(const std::uint8_t* message, std::size_t size);

class BulkStream;

class Netlink {
public:
    // A NETLINK_XFRM socket in the caller's current network namespace.
    static Result<Netlink> open();
    Netlink(Netlink&&) noexcept;
    Netlink& operator=(Netlink&&) noexcept;
    ~Netlink();

    // SAD
    Result<void> add_state(const State& state, bool update = false);
    Result<void> delete_state(const StateId& id);
    Result<State> get_state(const StateId& id);
    Result<std::vector<State>> dump_states();
    // Streaming dump: `on_entry` gets each SA as it is decoded (no vector kept).
    Result<void> dump_states(const std::function<void(State&&)>& on_entry);
    Result<void> flush_states(std::uint8_t proto = kIpsecProtoAny);
    // XFRM_MSG_ALLOCSPI: `state` gives the addresses, proto, mode, reqid, mark.
    Result<State> alloc_spi(const State& state, std::uint32_t min, std::uint32_t max);
    Result<SadInfo> sad_info();

    // SPD
    Result<void> add_policy(const Policy& policy, bool update = false);
    Result<void> delete_policy(const PolicyId& id);
    Result<Policy> get_policy(const PolicyId& id);
    Result<std::vector<Policy>> dump_policies();
    // Streaming dump: `on_entry` gets each policy as it is decoded.
    Result<void> dump_policies(const std::function<void(Policy&&)>& on_entry);
    Result<void> flush_policies(std::optional<std::uint8_t> ptype = std::nullopt);
    Result<SpdInfo> spd_info();
    Result<void> set_spd_hash_threshold(SpdHashThreshold ipv4, SpdHashThreshold ipv6);
    Result<DefaultPolicy> get_default_policy();
    Result<void> set_default_policy(const DefaultPolicy& def);

    // Pipelined: many requests per send, no ACK per request; every kernel
    // error is mapped back to its request by sequence number.
    BulkResult bulk(const std::vector<BulkRequest>& requests, const BulkOptions& options = {});

    // Subscribes to the XFRM multicast groups and calls `on_event` for each
    // notification until it returns false or an error occurs.
    Result<void> monitor(const std::function<bool(const MonitorEvent&)>& on_event);
    // NETLINK_LISTEN_ALL_NSID: monitor() also gets the notifications of the
    // other namespaces this one has an id for (ip netns set), with their id
    // in MonitorEvent::nsid. Needs CAP_NET_BROADCAST.
    Result<void> listen_all_namespaces();

    // For an event loop: subscribes to the given multicast groups (XFRMNLGRP_*)
    // only; then poll fd() and call read_events() when it is readable. Use a
    // Netlink of its own for this (requests would read its notifications).
    Result<void> subscribe(const std::vector<int>& groups);
    int fd() const;
    // Decodes the notifications waiting, without blocking. Notifications the
    // kernel dropped for a full buffer (ENOBUFS) are skipped silently.
    Result<void> read_events(const std::function<void(const MonitorEvent&)>& on_event);

private:
    friend class BulkStream;
    struct Impl;
    explicit Netlink(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

// A pipelined bulk run fed one request at a time (ipxf -batch): the caller
// encodes requests into 64 KiB chunks while a sender thread hands each full
// chunk to the kernel, which applies it in the sender's context, and reads
// back the error replies, so parsing the next requests overlaps with the
// kernel's work. Requests are numbered 0, 1, ... in push() order; every
// kernel error comes back with its number. With `options.stop_on_error`
// nothing after the first failed request stays applied: the kernel runs
// every message of a send, so the adds that followed it in its chunk are
// deleted again, and an update or a delete is sent in a chunk of its own
// (it could not be undone). `options.atomic` is not supported (use
// Netlink::bulk). While a stream is open the Netlink must not be used
// otherwise, except between sync() and the next push().
class BulkStream {
public:
    explicit BulkStream(Netlink& netlink, BulkOptions options = {});
    BulkStream(const BulkStream&) = delete;
    BulkStream& operator=(const BulkStream&) = delete;
    ~BulkStream(); // sends what is queued, waits for it and stops the thread

    // Queues one request and returns its number. With stop_on_error, once a
    // request has failed later ones are numbered but not sent.
    std::size_t push(const BulkRequest& request);
    // Whether a request has failed so far (as seen by the sender: it may
    // become true before sync() returns the failure).
    bool failed() const;
    // Sends everything queued, waits until the kernel has answered all of
    // it, and returns the failures found since the last sync(), in request
    // order.
    std::vector<BulkFailure> sync();
    // How many adds after a failed request were deleted again (stop_on_error).
    std::size_t undone() const;

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

// The codec, exposed for unit tests and fuzzing: whole netlink messages
// (nlmsghdr included) in and out, no socket.
namespace codec {
std::vector<std::uint8_t> encode_add_state(const State& state, bool update, std::uint32_t seq);
std::vector<std::uint8_t> encode_add_policy(const Policy& policy, bool update, std::uint32_t seq);
Result<State> decode_state(const std::vector<std::uint8_t>& message);
Result<Policy> decode_policy(const std::vector<std::uint8_t>& message);
} // namespace codec

} // namespace ipxf
