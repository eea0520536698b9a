// SPDX-License-Identifier: GPL-2.0-or-later
// ipxf check's rules over the SPD and SAD (see check.hpp). The matching
// follows the kernel's: a policy lookup takes, among the policies of a
// direction whose selector matches, the one with the lowest priority value
// (net/xfrm/xfrm_policy.c); an outbound template is resolved to an SA by
// protocol, mode, reqid and addresses, the template's own in tunnel and
// beet mode, the packet's in transport mode (xfrm_tmpl_resolve_one), and
// an inbound packet must have used an SA that each required template of
// the in (or fwd) policy accepts (xfrm_state_ok).
#include "xfrm/check.hpp"

#include "xfrm/check_detail.hpp"
#include "xfrm/print_text.hpp"

#include <algorithm>
#include <cstdio>
#include <sys/socket.h>

namespace ipxf {
namespace {

constexpr std::uint8_t kModeTunnel = byte_of(Mode::tunnel);
constexpr std::uint8_t kModeBeet = byte_of(Mode::beet);
constexpr std::uint8_t kDirIn = byte_of(Direction::in);
constexpr std::uint8_t kDirOut = byte_of(Direction::out);
constexpr std::uint8_t kDirFwd = byte_of(Direction::fwd);

// The first `bits` bits of a and b are the same.
bool same_prefix(const Address& a, const Address& b, unsigned bits) {
    for (unsigned i = 0; i < 16 && bits > 0; ++i) {
        const unsigned take = std::min(bits, 8u);
        const auto mask = static_cast<std::uint8_t>(0xff00u >> take);
        if ((a.bytes[i] & mask) != (b.bytes[i] & mask))
            return false;
        bits -= take;
    }
    return true;
}

// A port (or ICMP type/code) match of `outer` covers that of `inner`.
bool port_covers(std::uint16_t outer, std::uint16_t outer_mask, std::uint16_t inner,
                 std::uint16_t inner_mask) {
    return (outer_mask & inner_mask) == outer_mask && (inner & outer_mask) == (outer & outer_mask);
}

std::string prefix_text(const Address& a, std::uint16_t family, unsigned bits) {
    Address shown = a;
    shown.family = family;
    return shown.to_string() + "/" + std::to_string(bits);
}

std::string selector_text(const Selector& s) {
    std::string out = "src " + prefix_text(s.saddr, s.family, s.prefixlen_s) + " dst " +
                      prefix_text(s.daddr, s.family, s.prefixlen_d);
    if (s.proto)
        out += " proto " + ip_proto_name(s.proto);
    if (s.sport_mask)
        out += " sport " + std::to_string(s.sport);
    if (s.dport_mask)
        out += " dport " + std::to_string(s.dport);
    return out;
}

const char* dir_text(std::uint8_t dir) {
    return dir == kDirIn ? "in" : dir == kDirOut ? "out" : dir == kDirFwd ? "fwd" : "socket";
}

std::string policy_text(const Policy& p) {
    std::string out = "the " + std::string(dir_text(p.dir)) + " policy " + selector_text(p.sel) +
                      " (priority " + std::to_string(p.priority);
    if (p.ptype.value_or(kPolicyTypeMain) == kPolicyTypeSub)
        out += ", ptype sub";
    return out + ")";
}

std::string state_text(const State& s) {
    char spi[16];
    std::snprintf(spi, sizeof(spi), "0x%08x", s.spi);
    return "the SA src " + s.saddr.to_string() + " dst " + s.daddr.to_string() + " proto " +
           xfrm_proto_name(s.proto) + " spi " + spi;
}

std::string template_text(const Template& t) {
    std::string out = "template proto " + xfrm_proto_name(t.proto) + " mode " + mode_name(t.mode);
    if (t.mode == kModeTunnel || t.mode == kModeBeet)
        out += " src " + t.saddr.to_string() + " dst " + t.daddr.to_string();
    if (t.reqid)
        out += " reqid " + std::to_string(t.reqid);
    return out;
}

bool is_ipsec_proto(std::uint8_t proto) {
    return proto == ipproto::esp || proto == ipproto::ah || proto == ipproto::comp;
}

// The policies the rules look at: allow or block, of the three directions.
bool is_table_policy(const Policy& p) {
    return !p.is_socket();
}

std::uint8_t ptype_of(const Policy& p) {
    return p.ptype.value_or(kPolicyTypeMain);
}

// Every packet that `inner`'s mark admits is admitted by `outer`'s.
bool mark_covers(const std::optional<Mark>& outer, const std::optional<Mark>& inner) {
    const Mark o = outer.value_or(Mark{});
    const Mark i = inner.value_or(Mark{});
    return (o.mask & i.mask) == o.mask && (i.value & o.mask) == (o.value & o.mask);
}

// The selector of `s` with source and destination exchanged.
Selector mirrored(const Selector& s) {
    Selector m = s;
    std::swap(m.saddr, m.daddr);
    std::swap(m.prefixlen_s, m.prefixlen_d);
    const bool ports = s.proto != ipproto::icmp && s.proto != ipproto::icmpv6 &&
                       s.proto != ipproto::mh; // type and code are not swapped
    if (ports) {
        std::swap(m.sport, m.dport);
        std::swap(m.sport_mask, m.dport_mask);
    }
    return m;
}

bool same_selector(const Selector& a, const Selector& b) {
    return selector_covers(a, b) && selector_covers(b, a);
}

void add(std::vector<Finding>& out, CheckRule rule, std::string text,
         std::vector<std::size_t> policies, std::vector<std::size_t> states = {}) {
    out.push_back(Finding{rule, std::move(text), std::move(policies), std::move(states)});
}

// ---------------------------------------------------------------------------
// the SPD

void check_shadowed(const std::vector<Policy>& ps, std::vector<Finding>& out) {
    for (std::size_t i = 0; i < ps.size(); ++i) {
        const Policy& p = ps[i];
        if (!is_table_policy(p))
            continue;
        for (std::size_t j = 0; j < ps.size(); ++j) {
            const Policy& q = ps[j];
            if (j == i || q.dir != p.dir || ptype_of(q) != ptype_of(p) ||
                q.priority >= p.priority || q.if_id.value_or(0) != p.if_id.value_or(0) ||
                !mark_covers(q.mark, p.mark) || !selector_covers(q.sel, p.sel))
                continue;
            add(out, CheckRule::shadowed_policy,
                policy_text(p) + " never matches: " + policy_text(q) +
                    " covers its selector with a higher priority (a lower value)",
                {i, j});
            break;
        }
    }
}

// A tunnel-mode in policy protects traffic to a network behind this host:
// forwarded packets are checked against the fwd policies, and without one
// the kernel drops them or lets them pass unprotected (the default policy).
void check_tunnel_fwd(const std::vector<Policy>& ps, std::vector<Finding>& out) {
    for (std::size_t i = 0; i < ps.size(); ++i) {
        const Policy& p = ps[i];
        const bool tunnel = std::any_of(p.tmpls.begin(), p.tmpls.end(),
                                        [](const Template& t) { return t.mode == kModeTunnel; });
        if (p.dir != kDirIn || p.action != kPolicyAllow || !tunnel)
            continue;
        const bool has_fwd = std::any_of(ps.begin(), ps.end(), [&](const Policy& f) {
            return f.dir == kDirFwd && ptype_of(f) == ptype_of(p) && same_selector(f.sel, p.sel);
        });
        if (!has_fwd)
            add(out, CheckRule::tunnel_without_fwd,
                policy_text(p) + " has a tunnel-mode template but no fwd policy has its "
                                 "selector: forwarded packets from the tunnel are not matched",
                {i});
    }
}

// The tunnel endpoints of `a`'s templates are those of `b`'s, reversed.
bool templates_mirror(const Policy& a, const Policy& b) {
    for (const Template& t : a.tmpls) {
        if (t.mode != kModeTunnel && t.mode != kModeBeet)
            continue;
        const bool found = std::any_of(b.tmpls.begin(), b.tmpls.end(), [&](const Template& u) {
            return u.proto == t.proto && u.mode == t.mode && u.saddr == t.daddr &&
                   u.daddr == t.saddr;
        });
        if (!found)
            return false;
    }
    return true;
}

void check_mirrored(const std::vector<Policy>& ps, std::vector<Finding>& out) {
    for (std::size_t i = 0; i < ps.size(); ++i) {
        const Policy& p = ps[i];
        if ((p.dir != kDirOut && p.dir != kDirIn) || p.action != kPolicyAllow || p.tmpls.empty())
            continue;
        const std::uint8_t other = p.dir == kDirOut ? kDirIn : kDirOut;
        const Selector want = mirrored(p.sel);
        std::size_t pair = ps.size();
        for (std::size_t j = 0; j < ps.size() && pair == ps.size(); ++j)
            if (ps[j].dir == other && ptype_of(ps[j]) == ptype_of(p) &&
                same_selector(ps[j].sel, want))
                pair = j;
        if (pair == ps.size()) {
            add(out, CheckRule::unmirrored_policy,
                policy_text(p) + " has no " + dir_text(other) +
                    " policy for the reverse selector: the return traffic is not protected",
                {i});
        } else if (p.dir == kDirOut && !templates_mirror(p, ps[pair])) {
            add(out, CheckRule::unmirrored_policy,
                policy_text(p) + " and " + policy_text(ps[pair]) +
                    " have tunnel templates whose endpoints are not each other's reversed",
                {i, pair});
        }
    }
}

// ---------------------------------------------------------------------------
// policies and SAs together

bool usable_by_some_policy(const std::vector<Policy>& ps, const State& s) {
    for (const Policy& p : ps) {
        if (!is_table_policy(p) || p.action != kPolicyAllow)
            continue;
        for (const Template& t : p.tmpls)
            if (template_uses_state(p, t, s))
                return true;
    }
    return false;
}

void check_sa_use(const std::vector<Policy>& ps, const std::vector<State>& ss,
                  std::vector<Finding>& out) {
    for (std::size_t i = 0; i < ss.size(); ++i) {
        if (!is_ipsec_proto(ss[i].proto) || usable_by_some_policy(ps, ss[i]))
            continue;
        add(out, CheckRule::unused_sa,
            state_text(ss[i]) + " (mode " + mode_name(ss[i].mode) + ", reqid " +
                std::to_string(ss[i].reqid) + ") is used by no policy template",
            {}, {i});
    }
}

void check_templates(const std::vector<Policy>& ps, const std::vector<State>& ss,
                     std::vector<Finding>& out) {
    for (std::size_t i = 0; i < ps.size(); ++i) {
        const Policy& p = ps[i];
        if (!is_table_policy(p) || p.action != kPolicyAllow)
            continue;
        for (const Template& t : p.tmpls) {
            if (t.optional || !is_ipsec_proto(t.proto))
                continue;
            const bool served = std::any_of(
                ss.begin(), ss.end(), [&](const State& s) { return template_uses_state(p, t, s); });
            if (!served)
                add(out, CheckRule::unsatisfied_template,
                    policy_text(p) + ": no SA satisfies its required " + template_text(t), {i});
        }
    }
}

} // namespace

namespace detail {
std::string check_state_text(const State& s) {
    return state_text(s);
}
} // namespace detail

const char* check_rule_name(CheckRule rule) {
    switch (rule) {
    case CheckRule::shadowed_policy:
        return "shadowed-policy";
    case CheckRule::tunnel_without_fwd:
        return "tunnel-without-fwd";
    case CheckRule::unmirrored_policy:
        return "unmirrored-policy";
    case CheckRule::unused_sa:
        return "unused-sa";
    case CheckRule::unsatisfied_template:
        return "unsatisfied-template";
    case CheckRule::no_integrity:
        return "no-integrity";
    case CheckRule::weak_algorithm:
        return "weak-algorithm";
    case CheckRule::short_key:
        return "short-key";
    case CheckRule::short_icv:
        return "short-icv";
    case CheckRule::replay_window_zero:
        return "replay-window-zero";
    case CheckRule::shared_key:
        return "shared-key";
    }
    return "unknown";
}

bool selector_covers(const Selector& outer, const Selector& inner) {
    if (outer.family != inner.family || outer.prefixlen_s > inner.prefixlen_s ||
        outer.prefixlen_d > inner.prefixlen_d)
        return false;
    if (!same_prefix(outer.saddr, inner.saddr, outer.prefixlen_s) ||
        !same_prefix(outer.daddr, inner.daddr, outer.prefixlen_d))
        return false;
    if (outer.proto && outer.proto != inner.proto)
        return false;
    if (outer.ifindex && outer.ifindex != inner.ifindex)
        return false;
    return port_covers(outer.sport, outer.sport_mask, inner.sport, inner.sport_mask) &&
           port_covers(outer.dport, outer.dport_mask, inner.dport, inner.dport_mask);
}

bool template_uses_state(const Policy& p, const Template& t, const State& s) {
    if (t.proto != s.proto || t.mode != s.mode || (t.reqid && t.reqid != s.reqid))
        return false;
    if (t.spi && t.spi != s.spi)
        return false;
    if (p.if_id.value_or(0) != s.if_id.value_or(0))
        return false;
    if (t.mode == kModeTunnel || t.mode == kModeBeet)
        return (t.daddr.is_zero() || t.daddr == s.daddr) &&
               (t.saddr.is_zero() || t.saddr == s.saddr);
    // transport: the SA's addresses are the packet's, inside the selector
    return s.family == p.sel.family && same_prefix(p.sel.saddr, s.saddr, p.sel.prefixlen_s) &&
           same_prefix(p.sel.daddr, s.daddr, p.sel.prefixlen_d);
}

std::vector<Finding> check_tables(const std::vector<Policy>& policies,
                                  const std::vector<State>& states) {
    std::vector<Finding> out;
    check_shadowed(policies, out);
    check_tunnel_fwd(policies, out);
    check_mirrored(policies, out);
    check_sa_use(policies, states, out);
    check_templates(policies, states, out);
    detail::check_algorithms(states, out);
    detail::check_replay(policies, states, out);
    detail::check_shared_keys(states, out);
    std::stable_sort(out.begin(), out.end(),
                     [](const Finding& a, const Finding& b) { return a.rule < b.rule; });
    return out;
}

} // namespace ipxf
