// SPDX-License-Identifier: GPL-2.0-or-later
// The one data model of libipxf (DESIGN.md principle 2).
//
// It mirrors what the kernel's XFRM netlink API carries: the fixed structs
// (xfrm_usersa_info, xfrm_userpolicy_info, ...) become plain fields, and every
// optional netlink attribute becomes a std::optional, so "not given" and
// "given as zero" stay different. The CLI parser fills it, the netlink codec
// encodes and decodes it, and the printers print it.
//
// Conventions: numbers are in host byte order (SPIs, ports, ...); the codec
// converts. Families are AF_INET / AF_INET6 / AF_UNSPEC (0).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace ipxf {

inline constexpr std::uint64_t kInfinite = ~std::uint64_t{0}; // XFRM_INF

struct Address {
    std::uint16_t family = 0; // AF_INET, AF_INET6 or 0 when not given
    std::array<std::uint8_t, 16> bytes{};

    bool is_zero() const;
    // "192.168.27.128", "2001:db8::1"; for family 0 prints as IPv4 (like iproute2).
    std::string to_string() const;
    static std::optional<Address> parse(const std::string& text);
    bool operator==(const Address&) const = default;
};

// Upper-layer protocol numbers the printers and parser treat specially.
namespace ipproto {
inline constexpr std::uint8_t icmp = 1, tcp = 6, udp = 17, gre = 47, esp = 50, ah = 51, icmpv6 = 58,
                              comp = 108, mh = 135, sctp = 132, dccp = 33;
} // namespace ipproto

struct Selector {
    Address saddr;
    Address daddr;
    std::uint16_t family = 0;
    std::uint8_t prefixlen_s = 0;
    std::uint8_t prefixlen_d = 0;
    std::uint8_t proto = 0;                  // upper-layer protocol, 0 = any
    std::uint16_t sport = 0, sport_mask = 0; // ICMP type / MH type live in sport
    std::uint16_t dport = 0, dport_mask = 0; // ICMP code lives in dport
    std::int32_t ifindex = 0;
    std::uint32_t user = 0;

    bool is_zero() const;
    bool operator==(const Selector&) const = default;
};

struct LifetimeConfig {
    std::uint64_t soft_byte_limit = kInfinite;
    std::uint64_t hard_byte_limit = kInfinite;
    std::uint64_t soft_packet_limit = kInfinite;
    std::uint64_t hard_packet_limit = kInfinite;
    std::uint64_t soft_add_expires_seconds = 0;
    std::uint64_t hard_add_expires_seconds = 0;
    std::uint64_t soft_use_expires_seconds = 0;
    std::uint64_t hard_use_expires_seconds = 0;
    bool operator==(const LifetimeConfig&) const = default;
};

struct LifetimeCurrent {
    std::uint64_t bytes = 0;
    std::uint64_t packets = 0;
    std::uint64_t add_time = 0; // seconds since the epoch, 0 = never
    std::uint64_t use_time = 0;
    bool operator==(const LifetimeCurrent&) const = default;
};

struct Stats {
    std::uint32_t replay_window = 0;
    std::uint32_t replay = 0;
    std::uint32_t integrity_failed = 0;
    bool operator==(const Stats&) const = default;
};

// enc / auth / auth-trunc / aead / comp. `key_bits` is the kernel's
// alg_key_len (normally key.size() * 8); `icv_bits` is alg_icv_len for aead
// and alg_trunc_len for auth-trunc, unset for the others.
struct Algorithm {
    std::string name; // kernel name after alias mapping, e.g. "cbc(aes)"
    std::vector<std::uint8_t> key;
    std::uint32_t key_bits = 0;
    std::optional<std::uint32_t> icv_bits;
    bool operator==(const Algorithm&) const = default;
};

struct Mark {
    std::uint32_t value = 0;
    std::uint32_t mask = 0;
    bool operator==(const Mark&) const = default;
};

// XFRMA_ENCAP. type: 1 espinudp-nonike, 2 espinudp, 7 espintcp.
struct Encap {
    std::uint16_t type = 0;
    std::uint16_t sport = 0;
    std::uint16_t dport = 0;
    Address oa;
    bool operator==(const Encap&) const = default;
};

struct ReplayState { // XFRMA_REPLAY_VAL
    std::uint32_t oseq = 0;
    std::uint32_t seq = 0;
    std::uint32_t bitmap = 0;
    bool operator==(const ReplayState&) const = default;
};

struct ReplayStateEsn { // XFRMA_REPLAY_ESN_VAL
    std::uint32_t oseq = 0, seq = 0, oseq_hi = 0, seq_hi = 0, replay_window = 0;
    std::vector<std::uint32_t> bitmap; // bmp_len words
    bool operator==(const ReplayStateEsn&) const = default;
};

struct Offload { // XFRMA_OFFLOAD_DEV
    std::int32_t ifindex = 0;
    std::uint8_t flags = 0; // XFRM_OFFLOAD_IPV6 = 1, XFRM_OFFLOAD_INBOUND = 2
    bool operator==(const Offload&) const = default;
};

struct SecurityContext { // XFRMA_SEC_CTX
    std::uint8_t doi = 0;
    std::uint8_t alg = 0;
    std::string context;
    bool operator==(const SecurityContext&) const = default;
};

// XFRM modes.
enum class Mode : std::uint8_t { transport = 0, tunnel = 1, ro = 2, in_trigger = 3, beet = 4 };

// One template of a policy (struct xfrm_user_tmpl).
struct Template {
    Address daddr; // id.daddr
    std::uint32_t spi = 0;
    std::uint8_t proto = 0; // id.proto: esp, ah, comp, route2, hao
    std::uint16_t family = 0;
    Address saddr;
    std::uint32_t reqid = 0;
    std::uint8_t mode = 0;     // Mode
    std::uint8_t share = 0;    // 0 any, 1 session, 2 user, 3 unique
    std::uint8_t optional = 0; // "level": 0 required, 1 use
    std::uint32_t aalgos = ~0u, ealgos = ~0u, calgos = ~0u;
    bool operator==(const Template&) const = default;
};

// State flags (xfrm_usersa_info.flags).
namespace state_flag {
inline constexpr std::uint8_t noecn = 1, decap_dscp = 2, nopmtudisc = 4, wildrecv = 8, icmp = 16,
                              af_unspec = 32, align4 = 64, esn = 128;
}
// Extra state flags (XFRMA_SA_EXTRA_FLAGS).
namespace state_extra_flag {
inline constexpr std::uint32_t dont_encap_dscp = 1, oseq_may_wrap = 2;
}
// Policy flags (xfrm_userpolicy_info.flags).
namespace policy_flag {
inline constexpr std::uint8_t localok = 1, icmp = 2;
}

struct State {
    // struct xfrm_usersa_info
    Selector sel;
    Address daddr; // id.daddr
    std::uint32_t spi = 0;
    std::uint8_t proto = 0; // id.proto
    Address saddr;
    LifetimeConfig lft;
    LifetimeCurrent curlft;
    Stats stats;
    std::uint32_t seq = 0;
    std::uint32_t reqid = 0;
    std::uint16_t family = 0;
    std::uint8_t mode = 0; // Mode
    std::uint8_t replay_window = 0;
    std::uint8_t flags = 0;

    // attributes
    std::optional<Algorithm> enc;  // XFRMA_ALG_CRYPT
    std::optional<Algorithm> auth; // XFRMA_ALG_AUTH, or XFRMA_ALG_AUTH_TRUNC when icv_bits
    std::optional<Algorithm> aead; // XFRMA_ALG_AEAD
    std::optional<Algorithm> comp; // XFRMA_ALG_COMP
    std::optional<Encap> encap;
    std::optional<Address> coaddr;
    std::optional<Mark> mark;
    std::optional<std::uint32_t> if_id;
    std::optional<std::uint32_t> output_mark;   // XFRMA_OUTPUT_MARK (set-mark value)
    std::optional<std::uint32_t> set_mark_mask; // XFRMA_SET_MARK_MASK
    std::optional<std::uint32_t> extra_flags;
    std::optional<std::uint32_t> tfcpad;
    std::optional<ReplayState> replay;
    std::optional<ReplayStateEsn> replay_esn;
    std::optional<std::uint32_t> replay_thresh; // XFRMA_REPLAY_THRESH
    std::optional<std::uint32_t> replay_maxage; // XFRMA_ETIMER_THRESH (aevent)
    std::optional<std::uint64_t> lastused;
    std::optional<Offload> offload;
    std::optional<SecurityContext> sec_ctx;

    bool operator==(const State&) const = default;
};

// What identifies one SA for get/delete (xfrm_usersa_id + XFRMA_SRCADDR).
struct StateId {
    Address daddr;
    std::uint32_t spi = 0;
    std::uint16_t family = 0;
    std::uint8_t proto = 0;
    std::optional<Address> saddr;
    std::optional<Mark> mark;
    std::optional<std::uint32_t> if_id;

    // What identifies `state` (its source address only when it has one).
    static StateId of(const State& state);
};

// Policy directions and actions.
enum class Direction : std::uint8_t { in = 0, out = 1, fwd = 2 };
inline constexpr std::uint8_t kPolicyTypeMain = 0, kPolicyTypeSub = 1;
inline constexpr std::uint8_t kPolicyAllow = 0, kPolicyBlock = 1; // Policy::action
// XFRM_POLICY_MAX: a Policy::dir of this or more is a socket policy's (dir + 3).
inline constexpr std::uint8_t kPolicyDirMax = 3;

// The typed values of the byte fields below (the kernel's numbers).
constexpr Mode mode_of(std::uint8_t mode) {
    return static_cast<Mode>(mode);
}
constexpr std::uint8_t byte_of(Mode mode) {
    return static_cast<std::uint8_t>(mode);
}
constexpr std::uint8_t byte_of(Direction dir) {
    return static_cast<std::uint8_t>(dir);
}

struct Policy {
    // struct xfrm_userpolicy_info
    Selector sel;
    LifetimeConfig lft;
    LifetimeCurrent curlft;
    std::uint32_t priority = 0;
    std::uint32_t index = 0;
    std::uint8_t dir = 0;    // Direction; socket policies are dir + 3
    std::uint8_t action = 0; // kPolicyAllow, kPolicyBlock
    std::uint8_t flags = 0;
    std::uint8_t share = 0;

    // attributes
    std::optional<std::uint8_t> ptype; // XFRMA_POLICY_TYPE (main/sub)
    std::vector<Template> tmpls;       // XFRMA_TMPL (empty: attribute absent)
    std::optional<Mark> mark;
    std::optional<std::uint32_t> if_id;
    std::optional<SecurityContext> sec_ctx;
    std::optional<Offload> offload;

    // A socket's policy (setsockopt IP_XFRM_POLICY), not one of the SPD's three directions.
    bool is_socket() const { return dir >= kPolicyDirMax; }
    bool operator==(const Policy&) const = default;
};

// What identifies one policy for get/delete (xfrm_userpolicy_id): either the
// selector and direction, or the index.
struct PolicyId {
    Selector sel;
    std::uint32_t index = 0;
    std::uint8_t dir = 0;
    std::optional<std::uint8_t> ptype;
    std::optional<Mark> mark;
    std::optional<std::uint32_t> if_id;
    std::optional<SecurityContext> sec_ctx;

    // What identifies `policy` by its selector: selector, dir, ptype, mark,
    // if_id and security context (the kernel compares all of them).
    static PolicyId of(const Policy& policy);
};

// XFRM_MSG_GETSADINFO
struct SadInfo {
    std::uint32_t count = 0;      // XFRMA_SAD_CNT
    std::uint32_t hash_count = 0; // XFRMA_SAD_HINFO sadhcnt
    std::uint32_t hash_max = 0;   // sadhmcnt
};

struct SpdHashThreshold {
    std::uint8_t lbits = 32; // prefix length threshold, local
    std::uint8_t rbits = 32; // remote
};

// XFRM_MSG_GETSPDINFO
struct SpdInfo {
    std::uint32_t in = 0, out = 0, fwd = 0; // policy counts
    std::uint32_t in_sock = 0, out_sock = 0, fwd_sock = 0;
    std::optional<std::uint32_t> hash_count, hash_max; // XFRMA_SPD_HINFO
    std::optional<SpdHashThreshold> ipv4_thresh, ipv6_thresh;
};

// XFRM_MSG_GETDEFAULT / SETDEFAULT: 1 block, 2 accept (XFRM_USERPOLICY_*).
struct DefaultPolicy {
    std::uint8_t in = 2, fwd = 2, out = 2;
};

} // namespace ipxf
