// SPDX-License-Identifier: GPL-2.0-or-later
// What the engine is told to do, as plain structs (no parsing here: the
// daemon's conn loader fills them from ipsec.conf). Names follow ipsec.conf(5).
#pragma once

#include "ike/crypto/proposal.hpp"
#include "ike/engine/endpoint.hpp"
#include "ike/engine/identity.hpp"
#include "ike/engine/time.hpp"
#include "ike/engine/traffic_selector.hpp"

#include <botan/secmem.h>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ipsec::ike::engine {

enum class ChildMode { transport, tunnel };

// Key material held by the configuration (a PSK): wiped when freed.
using SecretBytes = Botan::secure_vector<std::uint8_t>;
inline SecretBytes secret_bytes(std::string_view text) {
    return SecretBytes(text.begin(), text.end());
}

// dpdaction=: what to do with a peer that stopped answering; closeaction=: what
// to do when the peer deletes a CHILD_SA or the IKE_SA. clear (and none): let
// it go; hold: route the CHILD_SA config (a trap, as auto=route) so that the
// next packet brings it back; restart: initiate it again.
enum class DpdAction { none, clear, hold, restart };

// mark=, mark_in=, mark_out=: an XFRM mark on SAs and policies (value/mask).
struct MarkConfig {
    std::uint32_t value = 0;
    std::uint32_t mask = 0;
    bool set() const { return mask != 0 || value != 0; }
    bool operator==(const MarkConfig&) const = default;
};

// lifebytes= / marginbytes=, lifepackets= / marginpackets=: the kernel's hard
// limit, and the margin before it at which the CHILD_SA is rekeyed (soft limit,
// less a random part of the margin: rekeyfuzz=). 0: no limit.
struct VolumeLimit {
    std::uint64_t life = 0;
    std::uint64_t margin = 0;
    bool operator==(const VolumeLimit&) const = default;
};

// One conn's CHILD_SA part.
struct ChildConfig {
    std::string name;
    ChildMode mode = ChildMode::tunnel;
    // leftsubnet / rightsubnet; empty: the host's own address (/32 or /128).
    std::vector<TrafficSelectorConfig> local_ts;
    std::vector<TrafficSelectorConfig> remote_ts;
    // esp=, parsed once (crypto::configured_proposals); empty: the defaults.
    std::vector<crypto::Proposal> esp_proposals;
    std::chrono::seconds lifetime{3600};  // lifetime=
    std::chrono::seconds margintime{540}; // margintime=
    // rekeyfuzz=: the rekey time (and volume) comes up to this percentage of
    // the margin earlier, at random, as charon does.
    std::uint32_t rekeyfuzz_percent = 100;
    VolumeLimit bytes;       // lifebytes=, marginbytes=
    VolumeLimit packets;     // lifepackets=, marginpackets=
    bool rekey = true;       // rekey=
    std::uint32_t reqid = 0; // reqid=; 0: the engine picks one
    // replay_window=: the inbound SA's anti-replay window in packets (charon's
    // default 32; above 32, or with ESN, the kernel's ESN replay state).
    std::uint32_t replay_window = 32;
    bool install_policy = true; // installpolicy=
    MarkConfig mark_in;         // mark_in= (or mark=): inbound SA, in and fwd policies
    MarkConfig mark_out;        // mark_out= (or mark=): outbound SA and out policy
    bool operator==(const ChildConfig&) const = default;
};

// One conn's IKE_SA part and its children.
struct PeerConfig {
    std::string name;
    Endpoint local;  // left=, port 500
    Endpoint remote; // right=; address family 0 (%any): accept any peer as responder
    // As a responder, the peer addresses this conn accepts (right= as a list of
    // addresses, subnets and ranges); empty: `remote.address`, or any when
    // that is %any.
    std::vector<TsRange> remote_accept;
    std::optional<Identity> local_id;  // leftid=; nullopt: the local address
    std::optional<Identity> remote_id; // rightid=; nullopt: the remote address (or any)
    SecretBytes psk;                   // the ipsec.secrets PSK for these ids
    // ike=, parsed once (crypto::configured_proposals); empty: the defaults.
    std::vector<crypto::Proposal> ike_proposals;
    // fragmentation=: announce and accept IKE fragments (RFC 7383).
    bool fragmentation = true;
    std::chrono::seconds ikelifetime{10800}; // ikelifetime=
    std::chrono::seconds margintime{540};    // margintime= (applies to the IKE_SA too)
    bool rekey = true;
    std::chrono::seconds dpddelay{30}; // dpddelay=; 0: no DPD
    DpdAction dpdaction = DpdAction::none;
    DpdAction closeaction = DpdAction::none;
    unsigned keyingtries = 3;  // keyingtries=; 0: forever
    bool mobike = true;        // float to port 4500 for IKE_AUTH, as charon does
    bool force_encaps = false; // forceencaps=: make the peer see a NAT (UDP encapsulation)
    std::vector<ChildConfig> children;
    bool operator==(const PeerConfig&) const = default;
};

// Engine-wide settings (strongswan.conf's charon section).
struct EngineSettings {
    // Retransmission: timeout * base^n for the n-th try, `tries` retransmits.
    double retransmit_timeout = 4.0;
    double retransmit_base = 1.8;
    unsigned retransmit_tries = 5;
    // Half-open IKE_SAs (responder) above which IKE_SA_INIT needs a COOKIE.
    unsigned cookie_threshold = 10;
    // Half-open IKE_SAs from one address above which its IKE_SA_INITs are
    // dropped (charon's block_threshold), and in all (charon's
    // init_limit_half_open; 0: no limit).
    unsigned half_open_per_source = 5;
    unsigned half_open_limit = 20000;
    // How long an initiator waits for a real IKE_SA_INIT response after an
    // unauthenticated error notify before it gives up (RFC 7296 2.21.1).
    Time init_error_wait{std::chrono::seconds(2)};
    // Bytes of SKF fragments one message may take to reassemble (RFC 7383).
    std::size_t fragment_bytes_max = 65536;
    // How long a cookie secret lives; the previous one is still accepted.
    Time cookie_secret_lifetime{std::chrono::seconds(120)};
    std::size_t nonce_size = 32;
    // NAT keepalives from behind a NAT (charon's keep_alive; 0: none).
    Time keepalive_interval{std::chrono::seconds(20)};
    // How long a responder keeps an IKE_SA waiting for IKE_AUTH.
    Time half_open_timeout{std::chrono::seconds(30)};
    // Range for inbound SPIs (charon's).
    std::uint32_t spi_min = 0xc0000000;
    std::uint32_t spi_max = 0xcfffffff;
};

} // namespace ipsec::ike::engine
