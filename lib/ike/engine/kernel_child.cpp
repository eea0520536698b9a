// SPDX-License-Identifier: GPL-2.0-or-later
#include "ike/engine/kernel_child.hpp"

#include "ike/crypto/kernel_algorithms.hpp"
#include "ike/engine/engine_core.hpp"
#include "ike/engine/spi.hpp"

#include <algorithm>
#include <bit>
#include <sys/socket.h>

namespace ipsec::ike::engine {

namespace {

namespace crypto = ::ipsec::ike::crypto;

std::uint8_t kernel_mode(ChildMode mode) {
    return static_cast<std::uint8_t>(mode == ChildMode::tunnel ? ipxf::Mode::tunnel
                                                               : ipxf::Mode::transport);
}

std::optional<ipxf::Algorithm> convert(const std::optional<crypto::KernelAlgorithm>& in) {
    if (!in)
        return std::nullopt;
    ipxf::Algorithm out;
    out.name = in->name;
    out.key = in->key;
    out.key_bits = in->key_bits;
    out.icv_bits = in->icv_bits;
    return out;
}

ipxf::Selector selector(const Subnet& src, const Subnet& dst, const TsRange& src_range,
                        const TsRange& dst_range) {
    ipxf::Selector sel;
    sel.family = src.address.family;
    sel.saddr = src.address;
    sel.daddr = dst.address;
    sel.prefixlen_s = src.prefix;
    sel.prefixlen_d = dst.prefix;
    std::uint8_t proto = src_range.protocol != 0 ? src_range.protocol : dst_range.protocol;
    sel.proto = proto;
    if (src_range.start_port == src_range.end_port) {
        sel.sport = src_range.start_port;
        sel.sport_mask = 0xffff;
    }
    if (dst_range.start_port == dst_range.end_port) {
        sel.dport = dst_range.start_port;
        sel.dport_mask = 0xffff;
    }
    return sel;
}

// More specific selectors first, with charon's (5.9) numbers, so that iked's
// policies sort among other policies as charon's would: from a base of 400000
// (installed policies) every bit of the two prefixes takes 512, a protocol 256,
// every bit of the two port masks 4, and 1 more sets the policies of an
// established CHILD_SA above trap policies of the same selector.
std::uint32_t priority(const ipxf::Selector& sel, bool trap) {
    constexpr std::uint32_t base = 400000;
    std::uint32_t p = base;
    p -= (std::uint32_t{sel.prefixlen_s} + sel.prefixlen_d) * 512;
    p -= sel.proto ? 256 : 0;
    p -= static_cast<std::uint32_t>(std::popcount(sel.sport_mask) + std::popcount(sel.dport_mask)) *
         4;
    if (!trap)
        p -= 1;
    return p;
}

std::optional<ipxf::Mark> kernel_mark(const MarkConfig& mark) {
    if (!mark.set())
        return std::nullopt;
    return ipxf::Mark{mark.value, mark.mask};
}

// A value less its margin and a random part of the margin up to `fuzz` percent
// of it (charon's rekey jitter), never below 1.
std::uint64_t fuzzed(EngineCore& core, std::uint64_t life, std::uint64_t margin,
                     std::uint32_t fuzz) {
    if (life == 0)
        return 0;
    if (margin >= life)
        return life;
    const unsigned __int128 span = static_cast<unsigned __int128>(margin) * fuzz / 100;
    std::uint64_t jitter = 0;
    if (span > 0) {
        std::uint8_t r[8];
        core.rng.fill(r);
        std::uint64_t v = 0;
        for (auto b : r)
            v = (v << 8) | b;
        jitter = static_cast<std::uint64_t>(v % (span + 1));
    }
    const unsigned __int128 total = static_cast<unsigned __int128>(margin) + jitter;
    return total >= life ? 1 : life - static_cast<std::uint64_t>(total);
}

// The kernel's soft limits: charon's rekey points (see ChildSa::soft).
ChildSa::Soft plan_soft(EngineCore& core, const ChildConfig& config) {
    ChildSa::Soft soft;
    const auto life = static_cast<std::uint64_t>(config.lifetime.count());
    const auto margin = static_cast<std::uint64_t>(config.margintime.count());
    soft.time = std::chrono::seconds(fuzzed(core, life, margin, config.rekeyfuzz_percent));
    soft.bytes = fuzzed(core, config.bytes.life, config.bytes.margin, config.rekeyfuzz_percent);
    soft.packets =
        fuzzed(core, config.packets.life, config.packets.margin, config.rekeyfuzz_percent);
    return soft;
}

// The outbound SA has no soft time limit (one soft expire per CHILD_SA is
// enough: the inbound SA's), its volume limits are those of the inbound SA, as
// charon installs them.
void set_lifetimes(ipxf::State& s, const ChildConfig& config, const ChildSa::Soft& soft,
                   bool inbound) {
    const auto life = static_cast<std::uint64_t>(config.lifetime.count());
    s.lft.hard_add_expires_seconds = life;
    s.lft.soft_add_expires_seconds = inbound ? static_cast<std::uint64_t>(soft.time.count()) : 0;
    if (config.bytes.life != 0) {
        s.lft.hard_byte_limit = config.bytes.life;
        s.lft.soft_byte_limit = soft.bytes;
    }
    if (config.packets.life != 0) {
        s.lft.hard_packet_limit = config.packets.life;
        s.lft.soft_packet_limit = soft.packets;
    }
}

// The anti-replay state: the window in xfrm_usersa_info up to 32 packets
// without ESN, else the ESN replay state (a bitmap of window/32 words), as
// charon installs it; an outbound SA has none, except with ESN, where the
// kernel wants a window: charon gives it 1.
void set_replay(ipxf::State& s, const ChildSa& child, bool inbound) {
    const std::uint32_t window = inbound ? child.config.replay_window : child.suite.esn ? 1 : 0;
    if (child.suite.esn)
        s.flags |= ipxf::state_flag::esn;
    if (!child.suite.esn && window <= 32) {
        s.replay_window = static_cast<std::uint8_t>(window);
        return;
    }
    ipxf::ReplayStateEsn esn;
    esn.replay_window = window;
    esn.bitmap.assign((window + 31) / 32, 0);
    s.replay_esn = std::move(esn);
}

ipxf::State sa_state(const IkeSa& sa, const ChildSa& child, bool inbound) {
    ipxf::State s;
    const Endpoint& src = inbound ? sa.remote : sa.local;
    const Endpoint& dst = inbound ? sa.local : sa.remote;
    s.saddr = src.address;
    s.daddr = dst.address;
    s.family = dst.address.family;
    s.spi = inbound ? child.inbound_spi : child.outbound_spi;
    s.proto = ipxf::ipproto::esp;
    s.reqid = child.reqid;
    s.mode = kernel_mode(child.mode);
    set_replay(s, child, inbound);
    // mark_in applies to the inbound policies only (charon's mark_in_sa=no).
    if (!inbound)
        s.mark = kernel_mark(child.config.mark_out);
    if (child.mode == ChildMode::transport && !child.local_ts.empty() && !child.remote_ts.empty()) {
        const TsRange& from = inbound ? child.remote_ts[0] : child.local_ts[0];
        const TsRange& to = inbound ? child.local_ts[0] : child.remote_ts[0];
        s.sel = selector(from.subnets()[0], to.subnets()[0], from, to);
    } else if (child.mode == ChildMode::tunnel) {
        // A tunnel may carry either family inside (10.1.0.0/24 and fd00:1::/64
        // through one IPv4 tunnel): the kernel sets up both inner families only
        // for an SA with af-unspec and no selector family, as charon installs it.
        s.flags |= ipxf::state_flag::af_unspec;
    } else {
        s.sel.family = s.family;
    }
    if (child.soft)
        set_lifetimes(s, child.config, *child.soft, inbound);
    if (child.encap) {
        ipxf::Encap encap;
        encap.type = 2; // espinudp
        encap.sport = src.port;
        encap.dport = dst.port;
        s.encap = encap;
    }
    return s;
}

ipxf::StateId state_id(const IkeSa& sa, const ChildSa& child, std::uint32_t spi, bool inbound) {
    ipxf::StateId id;
    id.daddr = inbound ? sa.local.address : sa.remote.address;
    id.saddr = inbound ? sa.remote.address : sa.local.address;
    id.family = id.daddr.family;
    id.spi = spi;
    id.proto = ipxf::ipproto::esp;
    if (!inbound)
        id.mark = kernel_mark(child.config.mark_out);
    return id;
}

// The policies (out, in, and fwd in tunnel mode) for these selectors between
// these hosts, their template naming the reqid.
std::vector<ipxf::Policy> make_policies(const ipxf::Address& local_addr,
                                        const ipxf::Address& remote_addr, ChildMode mode,
                                        std::uint32_t reqid, const ChildConfig& config,
                                        const std::vector<TsRange>& local_ts,
                                        const std::vector<TsRange>& remote_ts, bool trap) {
    std::vector<ipxf::Policy> out;
    bool tunnel = mode == ChildMode::tunnel;
    for (const auto& local : local_ts)
        for (const auto& remote : remote_ts)
            for (const auto& ls : local.subnets())
                for (const auto& rs : remote.subnets()) {
                    if (ls.address.family != rs.address.family)
                        continue; // 10.1.0.0/24 === fd00:2::/64 is no policy
                    auto make = [&](ipxf::Direction dir) {
                        bool outbound = dir == ipxf::Direction::out;
                        ipxf::Policy p;
                        p.sel = outbound ? selector(ls, rs, local, remote)
                                         : selector(rs, ls, remote, local);
                        p.dir = static_cast<std::uint8_t>(dir);
                        p.priority = priority(p.sel, trap);
                        p.mark = kernel_mark(outbound ? config.mark_out : config.mark_in);
                        ipxf::Template t;
                        t.family = local_addr.family;
                        // A transport template matches by SPI/reqid and takes the
                        // packet's addresses; charon leaves them out (:: / 0.0.0.0).
                        if (tunnel) {
                            t.daddr = outbound ? remote_addr : local_addr;
                            t.saddr = outbound ? local_addr : remote_addr;
                        }
                        t.proto = ipxf::ipproto::esp;
                        t.reqid = reqid;
                        t.mode = kernel_mode(mode);
                        p.tmpls.push_back(t);
                        return p;
                    };
                    out.push_back(make(ipxf::Direction::out));
                    out.push_back(make(ipxf::Direction::in));
                    if (tunnel)
                        out.push_back(make(ipxf::Direction::fwd));
                }
    return out;
}

std::vector<ipxf::Policy> policies(const IkeSa& sa, const ChildSa& child) {
    return make_policies(sa.local.address, sa.remote.address, child.mode, child.reqid, child.config,
                         child.local_ts, child.remote_ts, false);
}

std::string direction_name(std::uint8_t dir) {
    return dir == 0 ? "in" : dir == 1 ? "out" : "fwd";
}

std::string policy_text(const ipxf::Policy& p) {
    ipxf::Selector s = p.sel;
    return s.saddr.to_string() + "/" + std::to_string(s.prefixlen_s) +
           " === " + s.daddr.to_string() + "/" + std::to_string(s.prefixlen_d) + " " +
           direction_name(p.dir);
}

} // namespace

Result<std::uint32_t> allocate_spi(EngineCore& core, const IkeSa& sa) {
    ipxf::State probe;
    probe.saddr = sa.remote.address;
    probe.daddr = sa.local.address;
    probe.family = sa.local.address.family;
    probe.proto = ipxf::ipproto::esp;
    std::uint32_t span = core.settings.spi_max - core.settings.spi_min;
    std::uint32_t start = core.settings.spi_min;
    if (span > 0) {
        std::uint8_t random[4];
        core.rng.fill(random);
        std::uint32_t r = (std::uint32_t{random[0]} << 24) | (std::uint32_t{random[1]} << 16) |
                          (std::uint32_t{random[2]} << 8) | random[3];
        start += r % (span / 2 + 1); // leaves the upper half free for the search
    }
    auto spi = core.kernel.alloc_spi(probe, start, core.settings.spi_max);
    if (!spi)
        return spi.error().with_context("allocating an inbound SPI");
    core.emit(EventType::log, &sa, nullptr, "got SPI " + hex_spi(*spi));
    return *spi;
}

void release_spi(EngineCore& core, const IkeSa& sa, std::uint32_t spi) {
    ipxf::StateId id; // a larval SA has no mark
    id.daddr = sa.local.address;
    id.saddr = sa.remote.address;
    id.family = id.daddr.family;
    id.spi = spi;
    id.proto = ipxf::ipproto::esp;
    auto done = core.kernel.del_sa(id);
    (void)done; // a larval SA the kernel already dropped is fine
}

Result<void> install_child(EngineCore& core, const IkeSa& sa, ChildSa& child, bool with_policies) {
    auto algorithms = [&](bool inbound) -> Result<crypto::KernelSaAlgorithms> {
        // the "_i" keys protect what the exchange's initiator sends
        bool use_i = inbound != child.initiator;
        return crypto::kernel_algorithms(child.suite, use_i ? child.keys.encr_i : child.keys.encr_r,
                                         use_i ? child.keys.integ_i : child.keys.integ_r);
    };
    if (!child.soft)
        child.soft = plan_soft(core, child.config);
    for (bool inbound : {true, false}) {
        auto algs = algorithms(inbound);
        if (!algs) {
            uninstall_child(core, sa, child);
            return algs.error().with_context("CHILD_SA " + child.name());
        }
        ipxf::State state = sa_state(sa, child, inbound);
        state.enc = convert(algs->enc);
        state.auth = convert(algs->auth);
        state.aead = convert(algs->aead);
        if (inbound) {
            // The SPI is held by a larval SA since allocate_spi(): replace it.
            release_spi(core, sa, child.inbound_spi);
        }
        auto added = core.kernel.add_sa(state);
        if (!added) {
            uninstall_child(core, sa, child);
            return added.error().with_context("adding SAD entry with SPI " + hex_spi(state.spi));
        }
        (inbound ? child.inbound_installed : child.outbound_installed) = true;
        core.emit(EventType::log, &sa, &child,
                  "adding SAD entry with SPI " + hex_spi(state.spi) + " and reqid {" +
                      std::to_string(child.reqid) + "}");
    }
    if (with_policies && child.config.install_policy) {
        std::vector<ipxf::Policy> done;
        for (const auto& p : policies(sa, child)) {
            if (core.trap_covers(p))
                continue; // the trap's policy names the same reqid: the SAs serve it
            auto added = core.kernel.add_policy(p);
            if (!added) {
                // take back only what we added: the clashing policy is not ours
                for (const auto& undo : done)
                    (void)core.kernel.del_policy(ipxf::PolicyId::of(undo));
                uninstall_child(core, sa, child);
                return added.error().with_context("adding policy " + policy_text(p));
            }
            done.push_back(p);
            core.emit(EventType::log, &sa, &child,
                      "adding policy " + policy_text(p) + " [priority " +
                          std::to_string(p.priority) + "]");
        }
        child.owns_policies = true;
    }
    return success();
}

void uninstall_child(EngineCore& core, const IkeSa& sa, ChildSa& child) {
    if (child.owns_policies) {
        for (const auto& p : policies(sa, child)) {
            if (core.trap_covers(p))
                continue; // it stays, the trap's again
            if (core.kernel.del_policy(ipxf::PolicyId::of(p)))
                core.emit(EventType::log, &sa, &child, "deleting policy " + policy_text(p));
        }
        child.owns_policies = false;
    }
    if (child.outbound_installed) {
        if (core.kernel.del_sa(state_id(sa, child, child.outbound_spi, false)))
            core.emit(EventType::log, &sa, &child,
                      "deleted SAD entry with SPI " + hex_spi(child.outbound_spi));
        child.outbound_installed = false;
    }
    if (child.inbound_spi != 0) {
        // installed or still larval
        if (core.kernel.del_sa(state_id(sa, child, child.inbound_spi, true)) &&
            child.inbound_installed)
            core.emit(EventType::log, &sa, &child,
                      "deleted SAD entry with SPI " + hex_spi(child.inbound_spi));
        child.inbound_installed = false;
    }
}

namespace {

// The policies installed CHILD_SAs with this reqid are responsible for.
std::vector<ipxf::Policy> child_policies(EngineCore& core, std::uint32_t reqid) {
    std::vector<ipxf::Policy> out;
    for (const auto& [spi, sa] : core.sas) {
        if (sa->state() == IkeState::destroyed)
            continue;
        for (const auto& child : sa->children)
            if (child->owns_policies && child->reqid == reqid)
                for (const auto& p : policies(*sa, *child))
                    out.push_back(p);
    }
    return out;
}

bool contains(const std::vector<ipxf::Policy>& list, const ipxf::Policy& p) {
    return std::any_of(list.begin(), list.end(),
                       [&](const ipxf::Policy& q) { return q.sel == p.sel && q.dir == p.dir; });
}

} // namespace

std::vector<ipxf::Policy> trap_policies(const Trap& trap) {
    return make_policies(trap.local.address, trap.remote.address, trap.config.mode,
                         trap.config.reqid, trap.config, trap.local_ts, trap.remote_ts, true);
}

Result<void> install_trap(EngineCore& core, const Trap& trap) {
    // A CHILD_SA up with the same reqid (routed again after an unroute or a
    // reload) already has these policies in the kernel: the trap shares them.
    const auto in_use = child_policies(core, trap.config.reqid);
    std::vector<ipxf::Policy> done;
    for (const auto& p : trap_policies(trap)) {
        if (contains(in_use, p))
            continue;
        auto added = core.kernel.add_policy(p);
        if (!added) {
            for (const auto& undo : done)
                (void)core.kernel.del_policy(ipxf::PolicyId::of(undo));
            return added.error().with_context("adding trap policy " + policy_text(p));
        }
        done.push_back(p);
        core.emit_conn(trap.peer, "adding trap policy " + policy_text(p) + " with reqid {" +
                                      std::to_string(trap.config.reqid) + "}");
    }
    return success();
}

void uninstall_trap(EngineCore& core, const Trap& trap) {
    // A policy an installed CHILD_SA relies on stays: the CHILD_SA removes it
    // when it goes.
    const auto in_use = child_policies(core, trap.config.reqid);
    for (const auto& p : trap_policies(trap)) {
        if (contains(in_use, p))
            continue;
        if (core.kernel.del_policy(ipxf::PolicyId::of(p)))
            core.emit_conn(trap.peer, "deleting trap policy " + policy_text(p));
    }
}

} // namespace ipsec::ike::engine
