// SPDX-License-Identifier: GPL-2.0-or-later
// ipxf check's rules on the SAs themselves: algorithms (RFC 8221's
// requirement levels for ESP and AH), key and ICV lengths, anti-replay
// (RFC 4303 section 3.4.3), and keys used by two SAs. No finding shows
// key material: an SA is named by its addresses, protocol and SPI.
#include "xfrm/check_detail.hpp"
#include "xfrm/print_text.hpp"

#include <algorithm>
#include <map>

namespace ipxf::detail {
namespace {

bool has(const std::string& name, const char* part) {
    return name.find(part) != std::string::npos;
}

// RFC 8221: DES MUST NOT, 3DES SHOULD NOT (and other 64-bit block ciphers
// are no better); HMAC-MD5-96 MUST NOT.
const char* weakness(const Algorithm& a) {
    if (has(a.name, "des3_ede"))
        return "3DES, a 64-bit block cipher that RFC 8221 deprecates";
    if (has(a.name, "des"))
        return "DES, which RFC 8221 forbids";
    if (has(a.name, "blowfish") || has(a.name, "cast5"))
        return "a 64-bit block cipher (RFC 8221 lists none of these as usable)";
    if (has(a.name, "md5"))
        return "HMAC-MD5, which RFC 8221 forbids";
    return nullptr;
}

// The bits of `a`'s key that are key, its salt or nonce (RFC 3686, 4106,
// 4309, 7634) set aside.
std::uint32_t secret_bits(const Algorithm& a) {
    std::uint32_t salt = 0;
    if (has(a.name, "rfc3686") || has(a.name, "rfc4106") || has(a.name, "rfc4543") ||
        has(a.name, "rfc7539"))
        salt = 32;
    else if (has(a.name, "rfc4309"))
        salt = 24;
    return a.key_bits > salt ? a.key_bits - salt : 0;
}

// The key bits `a` needs: 128 for a cipher, the hash's output for an HMAC
// (RFC 2104 section 3: shorter keys weaken it); 0 when there is no rule.
std::uint32_t needed_bits(const Algorithm& a, bool hmac) {
    if (has(a.name, "null"))
        return 0;
    if (!hmac)
        return 128;
    if (has(a.name, "sha512"))
        return 512;
    if (has(a.name, "sha384"))
        return 384;
    if (has(a.name, "sha256"))
        return 256;
    if (has(a.name, "sha1") || has(a.name, "rmd160"))
        return 160;
    if (has(a.name, "md5"))
        return 128;
    return 0;
}

void add(std::vector<Finding>& out, CheckRule rule, std::string text, std::size_t state) {
    out.push_back(Finding{rule, std::move(text), {}, {state}});
}

void check_one(const State& s, std::size_t i, std::vector<Finding>& out) {
    const std::string who = check_state_text(s);
    const bool no_auth = !s.auth || has(s.auth->name, "digest_null");
    if (s.proto == ipproto::esp && s.enc && !s.aead && no_auth)
        add(out, CheckRule::no_integrity,
            who + " encrypts with " + s.enc->name +
                " and no integrity algorithm: ESP without integrity is open to active attacks",
            i);
    for (const auto* a : {&s.enc, &s.auth, &s.aead}) {
        if (!*a)
            continue;
        if (const char* why = weakness(**a))
            add(out, CheckRule::weak_algorithm, who + " uses " + (*a)->name + ": " + why, i);
        const std::uint32_t need = needed_bits(**a, a == &s.auth);
        if (need && secret_bits(**a) < need)
            add(out, CheckRule::short_key,
                who + " has a " + std::to_string(secret_bits(**a)) + "-bit " + (*a)->name +
                    " key (" + std::to_string(need) + " bits at least)",
                i);
        if (a != &s.enc && (*a)->icv_bits && *(*a)->icv_bits < 96)
            add(out, CheckRule::short_icv,
                who + " truncates " + (*a)->name + "'s ICV to " + std::to_string(*(*a)->icv_bits) +
                    " bits (96 at least)",
                i);
    }
}

} // namespace

void check_algorithms(const std::vector<State>& ss, std::vector<Finding>& out) {
    for (std::size_t i = 0; i < ss.size(); ++i)
        if (ss[i].proto == ipproto::esp || ss[i].proto == ipproto::ah)
            check_one(ss[i], i, out);
}

void check_replay(const std::vector<Policy>& ps, const std::vector<State>& ss,
                  std::vector<Finding>& out) {
    constexpr auto in = byte_of(Direction::in);
    constexpr auto fwd = byte_of(Direction::fwd);
    for (std::size_t i = 0; i < ss.size(); ++i) {
        const State& s = ss[i];
        if (s.proto != ipproto::esp && s.proto != ipproto::ah)
            continue;
        const std::uint32_t window = s.replay_esn ? s.replay_esn->replay_window : s.replay_window;
        if (window != 0)
            continue;
        // inbound: an in or fwd policy takes packets from it
        const bool inbound = std::any_of(ps.begin(), ps.end(), [&](const Policy& p) {
            return (p.dir == in || p.dir == fwd) &&
                   std::any_of(p.tmpls.begin(), p.tmpls.end(),
                               [&](const Template& t) { return template_uses_state(p, t, s); });
        });
        if (inbound)
            add(out, CheckRule::replay_window_zero,
                check_state_text(s) +
                    " is inbound and has a replay window of 0: replayed packets are accepted",
                i);
    }
}

void check_shared_keys(const std::vector<State>& ss, std::vector<Finding>& out) {
    std::map<std::vector<std::uint8_t>, std::size_t> first; // key -> the first SA with it
    for (std::size_t i = 0; i < ss.size(); ++i) {
        std::vector<std::size_t> seen; // SAs already reported with this one
        for (const auto* a : {&ss[i].enc, &ss[i].auth, &ss[i].aead}) {
            if (!*a || (*a)->key.empty())
                continue;
            auto [at, fresh] = first.emplace((*a)->key, i);
            const std::size_t j = at->second;
            if (fresh || j == i || std::find(seen.begin(), seen.end(), j) != seen.end())
                continue;
            seen.push_back(j);
            out.push_back(Finding{CheckRule::shared_key,
                                  check_state_text(ss[i]) + " and " + check_state_text(ss[j]) +
                                      " share a key: each SA, each direction, needs its own",
                                  {},
                                  {j, i}});
        }
    }
}

} // namespace ipxf::detail
