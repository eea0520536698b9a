// SPDX-License-Identifier: GPL-2.0-or-later
// The IKEv2 engine (DESIGN.md principle 6): no sockets, clock or kernel inside.
// Inputs: initiate, on_datagram, on_timer, terminate, rekey, each with `now`.
// Outputs: datagrams, timers and events through the injected EngineSink, kernel
// requests through the injected ipxf::KernelIpsec. With the same RNG seed and the
// same inputs it does the same thing.
#pragma once

#include "ike/crypto/rng.hpp"
#include "ike/engine/config.hpp"
#include "ike/engine/output.hpp"
#include "ike/engine/states.hpp"
#include "xfrm/kernel_ipsec.hpp"

#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace ipsec::ike::engine {

class EngineCore;

struct ChildStatus {
    std::uint32_t unique_id = 0;
    std::string name; // "host-host{1}"
    ChildState state = ChildState::created;
    ChildMode mode = ChildMode::tunnel;
    std::uint32_t reqid = 0;
    std::uint32_t inbound_spi = 0;
    std::uint32_t outbound_spi = 0;
    std::string local_ts;
    std::string remote_ts;
    std::string proposal; // "ESP:AES_CBC_128/HMAC_SHA2_256_128/NO_EXT_SEQ", when negotiated
    std::optional<Time> rekey_at;
    std::optional<Time> expire_at;
};

struct IkeStatus {
    std::uint32_t unique_id = 0;
    std::string name; // "host-host[1]"
    IkeState state = IkeState::created;
    bool initiator = false;
    std::uint64_t spi_i = 0;
    std::uint64_t spi_r = 0;
    Endpoint local;
    Endpoint remote;
    std::string proposal; // "IKE:AES_CBC_128/HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/CURVE_25519"
    std::optional<Time> rekey_at;
    std::vector<ChildStatus> children;
};

// A routed CHILD_SA config (auto=route), as `ipsec status` lists it.
struct TrapStatus {
    std::uint32_t unique_id = 0;
    std::string name; // the CHILD_SA config's
    std::string conn; // its PeerConfig's
    ChildMode mode = ChildMode::tunnel;
    std::uint32_t reqid = 0;
    std::string local_ts;
    std::string remote_ts;
};

class Engine {
public:
    Engine(EngineSettings settings, ::ipsec::ike::crypto::Rng& rng, ipxf::KernelIpsec& kernel,
           EngineSink& sink);
    ~Engine();
    Engine(const Engine&) = delete;
    Engine& operator=(const Engine&) = delete;

    // Adds a connection; checks its proposal strings and names.
    Result<void> add_peer(PeerConfig peer);
    // Forgets a connection (and unroutes its CHILD_SA configs). Its SAs stay
    // up with the configuration they were made with until they go down, as
    // charon's reload leaves established SAs alone.
    Result<void> remove_peer(const std::string& name);

    // auto=route: installs trap policies for the CHILD_SA config `child` (no
    // SAs); returns the trap's unique id. The config keeps the trap's reqid, so
    // its CHILD_SAs serve the trap policies.
    Result<std::uint32_t> route(const std::string& child);
    // Removes the trap policies (those an installed CHILD_SA uses stay with it).
    Result<void> unroute(const std::string& child);
    // The kernel's ACQUIRE for a policy whose template has `reqid`: initiates
    // the trap's CHILD_SA, unless one is already being negotiated or up. Returns
    // the IKE_SA's unique id, or nullopt when the ACQUIRE was ignored.
    Result<std::optional<std::uint32_t>> acquire(std::uint32_t reqid, Time now);
    std::vector<TrapStatus> traps() const;

    // Brings up the CHILD_SA `child` (a ChildConfig name): on an established
    // IKE_SA of its conn with CREATE_CHILD_SA, else with a new IKE_SA. Returns the
    // IKE_SA's unique id.
    Result<std::uint32_t> initiate(const std::string& child, Time now);

    // A UDP datagram arrived: `local` is where it was received, `remote` who sent it.
    void on_datagram(const Endpoint& local, const Endpoint& remote,
                     std::span<const std::uint8_t> bytes, Time now);
    // A deadline armed through EngineSink::arm_timer has passed (early calls are harmless).
    void on_timer(Time now);

    // INFORMATIONAL DELETE for an IKE_SA (its CHILD_SAs with it) or one CHILD_SA.
    Result<void> terminate_ike(std::uint32_t ike_id, Time now);
    Result<void> terminate_child(std::uint32_t child_id, Time now);
    // Rekey now, before the lifetime says so.
    Result<void> rekey_ike(std::uint32_t ike_id, Time now);
    Result<void> rekey_child(std::uint32_t child_id, Time now);

    // The kernel's EXPIRE for an SA with this SPI (ours inbound, or the peer's
    // outbound): a soft expire (lifebytes/lifepackets less the margin, or the
    // time) rekeys its CHILD_SA unless rekey=no or a rekey is under way; a hard
    // one deletes the CHILD_SA (the kernel has dropped the SA). Returns whether
    // a CHILD_SA of ours had that SPI.
    bool kernel_expire(std::uint32_t spi, bool hard, Time now);

    // Where pre-shared keys come from once the peer's identity is known
    // (ipsec.secrets), instead of the conn's `psk` chosen at load.
    void set_psk_lookup(
        std::function<std::optional<SecretBytes>(const Identity& me, const Identity& other)>
            lookup);

    std::vector<IkeStatus> status() const;

private:
    // dpdaction=hold, closeaction=hold|restart noted during the last input.
    void act_after_close(Time now);
    std::unique_ptr<EngineCore> m_core;
};

} // namespace ipsec::ike::engine
