// SPDX-License-Identifier: GPL-2.0-or-later
#include "ike/engine/engine.hpp"

#include "ike/engine/child_create.hpp"
#include "ike/engine/child_delete.hpp"
#include "ike/engine/child_rekey.hpp"
#include "ike/engine/engine_core.hpp"
#include "ike/engine/ike_delete.hpp"
#include "ike/engine/ike_rekey.hpp"
#include "ike/engine/kernel_child.hpp"
#include "ike/engine/proposals.hpp"

#include <algorithm>

namespace ipsec::ike::engine {

Engine::Engine(EngineSettings settings, ::ipsec::ike::crypto::Rng& rng, ipxf::KernelIpsec& kernel,
               EngineSink& sink)
    : m_core(std::make_unique<EngineCore>(settings, rng, kernel, sink)) {}

Engine::~Engine() = default;

Result<void> Engine::add_peer(PeerConfig peer) {
    if (peer.name.empty())
        return Error::plain("a conn needs a name");
    for (const auto& existing : m_core->peers)
        if (existing.name == peer.name)
            return Error::plain("conn '" + peer.name + "' is already loaded");
    if (auto ike = configured(::ipsec::ike::crypto::Protocol::ike, peer.ike_proposals); !ike)
        return ike.error().with_context("conn '" + peer.name + "' ike=");
    for (const auto& child : peer.children)
        if (auto esp = child_proposals(child, false); !esp)
            return esp.error();
    if (peer.local.address.family == 0)
        return Error::plain("conn '" + peer.name + "': left= is not set");
    m_core->peers.push_back(std::move(peer));
    return success();
}

Result<void> Engine::remove_peer(const std::string& name) {
    auto& peers = m_core->peers;
    auto it = std::find_if(peers.begin(), peers.end(),
                           [&](const PeerConfig& p) { return p.name == name; });
    if (it == peers.end())
        return Error::plain("no conn named '" + name + "'");
    for (const auto& child : it->children)
        (void)unroute(child.name);
    peers.erase(it);
    return success();
}

Result<std::uint32_t> Engine::route(const std::string& child) {
    PeerConfig* peer = nullptr;
    ChildConfig* config = nullptr;
    for (auto& p : m_core->peers)
        for (auto& c : p.children)
            if (c.name == child && !config) {
                peer = &p;
                config = &c;
            }
    if (!config)
        return Error::plain("no CHILD_SA config named '" + child + "'");
    if (peer->remote.address.family == 0)
        return Error::plain("conn '" + peer->name + "' has no right= address to route to");
    for (const auto& t : m_core->traps)
        if (t.config.name == child)
            return Error::plain("'" + child + "' is already routed");
    if (config->reqid == 0) {
        // the same reqid as before for a config routed again (its CHILD_SAs may be up)
        // (or of a CHILD_SA up already: the trap shares its policies)
        auto [it, fresh] = m_core->trap_reqids.try_emplace(child, 0);
        if (fresh) {
            for (const auto& [spi, sa] : m_core->sas)
                if (sa->state() != IkeState::destroyed)
                    for (const auto& c : sa->children)
                        if (c->config.name == child && c->owns_policies && !it->second)
                            it->second = c->reqid;
            if (!it->second)
                it->second = m_core->next_reqid++;
        }
        config->reqid = it->second;
    }
    Trap trap;
    trap.unique_id = m_core->next_child_id++;
    trap.peer = peer->name;
    trap.config = *config;
    trap.local = peer->local;
    trap.remote = peer->remote;
    auto ts = [](const std::vector<TrafficSelectorConfig>& list, const Endpoint& host) {
        std::vector<TsRange> out;
        if (list.empty())
            out.push_back(TsRange::from_config({Subnet::host(host.address)}));
        for (const auto& t : list)
            out.push_back(TsRange::from_config(t));
        return out;
    };
    trap.local_ts = ts(config->local_ts, peer->local);
    trap.remote_ts = ts(config->remote_ts, peer->remote);
    if (auto r = install_trap(*m_core, trap); !r)
        return r.error();
    m_core->traps.push_back(std::move(trap));
    return m_core->traps.back().unique_id;
}

Result<void> Engine::unroute(const std::string& child) {
    auto& traps = m_core->traps;
    auto it = std::find_if(traps.begin(), traps.end(),
                           [&](const Trap& t) { return t.config.name == child; });
    if (it == traps.end())
        return Error::plain("'" + child + "' is not routed");
    Trap trap = std::move(*it);
    traps.erase(it);
    uninstall_trap(*m_core, trap);
    return success();
}

Result<std::optional<std::uint32_t>> Engine::acquire(std::uint32_t reqid, Time now) {
    m_core->now = now;
    const Trap* trap = nullptr;
    for (const auto& t : m_core->traps)
        if (t.config.reqid == reqid)
            trap = &t;
    if (!trap)
        return Error::plain("no routed connection with reqid {" + std::to_string(reqid) + "}");
    for (const auto& [spi, sa] : m_core->sas) {
        if (sa->config.name != trap->peer)
            continue;
        if (sa->state() == IkeState::created || sa->state() == IkeState::connecting)
            return std::optional<std::uint32_t>{}; // already on its way
        if (sa->state() == IkeState::destroyed || sa->state() == IkeState::deleting)
            continue;
        for (const auto& c : sa->children)
            if (c->config.name == trap->config.name &&
                (c->state() == ChildState::created || c->state() == ChildState::installed ||
                 c->state() == ChildState::rekeying))
                return std::optional<std::uint32_t>{};
        auto creates = [&](const Task* task) {
            const auto* create = dynamic_cast<const ChildCreate*>(task);
            return create && create->config().name == trap->config.name;
        };
        if (sa->active && creates(sa->active->task.get()))
            return std::optional<std::uint32_t>{};
        for (const auto& task : sa->queue)
            if (creates(task.get()))
                return std::optional<std::uint32_t>{};
    }
    std::string name = trap->config.name;
    m_core->emit_conn(trap->peer,
                      "acquiring CHILD_SA " + name + " for reqid {" + std::to_string(reqid) + "}");
    auto id = initiate(name, now);
    if (!id)
        return id.error();
    return std::optional<std::uint32_t>{*id};
}

void Engine::act_after_close(Time now) {
    auto pending = std::move(m_core->after_close);
    m_core->after_close.clear();
    for (const auto& a : pending) {
        bool routed = std::any_of(m_core->traps.begin(), m_core->traps.end(),
                                  [&](const Trap& t) { return t.config.name == a.child; });
        if (a.action == DpdAction::hold) {
            if (!routed)
                if (auto r = route(a.child); !r)
                    m_core->emit_conn(a.child,
                                      "holding " + a.child + " failed: " + r.error().to_string());
        } else if (a.action == DpdAction::restart) {
            if (auto r = initiate(a.child, now); !r)
                m_core->emit_conn(a.child,
                                  "restarting " + a.child + " failed: " + r.error().to_string());
        }
    }
}

std::vector<TrapStatus> Engine::traps() const {
    std::vector<TrapStatus> out;
    for (const auto& t : m_core->traps) {
        TrapStatus s;
        s.unique_id = t.unique_id;
        s.name = t.config.name;
        s.conn = t.peer;
        s.mode = t.config.mode;
        s.reqid = t.config.reqid;
        s.local_ts = to_string(t.local_ts);
        s.remote_ts = to_string(t.remote_ts);
        out.push_back(std::move(s));
    }
    return out;
}

Result<std::uint32_t> Engine::initiate(const std::string& child, Time now) {
    m_core->now = now;
    const PeerConfig* peer = nullptr;
    const ChildConfig* config = nullptr;
    for (const auto& p : m_core->peers)
        for (const auto& c : p.children)
            if (c.name == child && !config) {
                peer = &p;
                config = &c;
            }
    if (!config)
        return Error::plain("no CHILD_SA config named '" + child + "'");
    if (peer->remote.address.family == 0)
        return Error::plain("conn '" + peer->name + "' has no right= address to initiate to");
    for (auto& [spi, sa] : m_core->sas)
        if (sa->config.name == peer->name && sa->state() == IkeState::established) {
            m_core->queue_task(*sa, std::make_unique<ChildCreate>(*config));
            auto id = sa->unique_id;
            m_core->sweep();
            return id;
        }
    auto id = m_core->initiate(*peer, config);
    m_core->sweep();
    return id;
}

void Engine::on_datagram(const Endpoint& local, const Endpoint& remote,
                         std::span<const std::uint8_t> bytes, Time now) {
    m_core->now = now;
    m_core->on_datagram(local, remote, bytes);
    act_after_close(now);
    m_core->sweep();
}

void Engine::on_timer(Time now) {
    m_core->now = now;
    m_core->on_timer();
    act_after_close(now);
    m_core->sweep();
}

Result<void> Engine::terminate_ike(std::uint32_t ike_id, Time now) {
    m_core->now = now;
    IkeSa* sa = m_core->find_sa(ike_id);
    if (!sa)
        return Error::plain("no IKE_SA with id " + std::to_string(ike_id));
    if (sa->state() == IkeState::connecting) {
        m_core->destroy(*sa, "terminated");
    } else {
        m_core->queue_task(*sa, std::make_unique<IkeDelete>());
    }
    m_core->sweep();
    return success();
}

Result<void> Engine::terminate_child(std::uint32_t child_id, Time now) {
    m_core->now = now;
    IkeSa* sa = nullptr;
    if (!m_core->find_child(child_id, &sa))
        return Error::plain("no CHILD_SA with id " + std::to_string(child_id));
    m_core->queue_task(*sa, std::make_unique<ChildDelete>(child_id));
    m_core->sweep();
    return success();
}

Result<void> Engine::rekey_ike(std::uint32_t ike_id, Time now) {
    m_core->now = now;
    IkeSa* sa = m_core->find_sa(ike_id);
    if (!sa || sa->state() != IkeState::established)
        return Error::plain("no established IKE_SA with id " + std::to_string(ike_id));
    sa->rekey_at.reset();
    m_core->queue_task(*sa, std::make_unique<IkeRekey>());
    m_core->sweep();
    return success();
}

Result<void> Engine::rekey_child(std::uint32_t child_id, Time now) {
    m_core->now = now;
    IkeSa* sa = nullptr;
    ChildSa* child = m_core->find_child(child_id, &sa);
    if (!child || child->state() != ChildState::installed)
        return Error::plain("no installed CHILD_SA with id " + std::to_string(child_id));
    child->rekey_at.reset();
    m_core->queue_task(*sa, std::make_unique<ChildRekey>(child_id));
    m_core->sweep();
    return success();
}

bool Engine::kernel_expire(std::uint32_t spi, bool hard, Time now) {
    m_core->now = now;
    for (auto& [key, sa] : m_core->sas) {
        if (sa->state() == IkeState::destroyed)
            continue;
        for (auto& child : sa->children) {
            if (child->inbound_spi != spi && child->outbound_spi != spi)
                continue;
            const std::uint32_t id = child->unique_id;
            if (hard) {
                m_core->emit(EventType::log, sa.get(), child.get(),
                             "CHILD_SA " + child->name() + " reached its hard limit, deleting");
                m_core->queue_task(*sa, std::make_unique<ChildDelete>(id));
            } else if (child->config.rekey && child->state() == ChildState::installed) {
                m_core->emit(EventType::log, sa.get(), child.get(),
                             "CHILD_SA " + child->name() + " reached its soft limit, rekeying");
                child->rekey_at.reset();
                m_core->queue_task(*sa, std::make_unique<ChildRekey>(id));
            }
            m_core->sweep();
            return true;
        }
    }
    return false;
}

void Engine::set_psk_lookup(
    std::function<std::optional<SecretBytes>(const Identity& me, const Identity& other)> lookup) {
    m_core->psk_lookup = std::move(lookup);
}

std::vector<IkeStatus> Engine::status() const {
    std::vector<IkeStatus> out;
    for (const auto& [spi, sa] : m_core->sas) {
        if (sa->state() == IkeState::destroyed)
            continue;
        IkeStatus s;
        s.unique_id = sa->unique_id;
        s.name = sa->name();
        s.state = sa->state();
        s.initiator = sa->original_initiator;
        s.spi_i = sa->spi_i;
        s.spi_r = sa->spi_r;
        s.local = sa->local;
        s.remote = sa->remote;
        if (sa->suite)
            s.proposal = ::ipsec::ike::crypto::to_string(sa->proposal);
        s.rekey_at = sa->rekey_at;
        for (const auto& c : sa->children) {
            ChildStatus cs;
            cs.unique_id = c->unique_id;
            cs.name = c->name();
            cs.state = c->state();
            cs.mode = c->mode;
            cs.reqid = c->reqid;
            cs.inbound_spi = c->inbound_spi;
            cs.outbound_spi = c->outbound_spi;
            cs.local_ts = to_string(c->local_ts);
            cs.remote_ts = to_string(c->remote_ts);
            if (c->state() == ChildState::installed || c->state() == ChildState::rekeying ||
                c->state() == ChildState::rekeyed)
                cs.proposal = ::ipsec::ike::crypto::to_string(c->proposal);
            cs.rekey_at = c->rekey_at;
            cs.expire_at = c->expire_at;
            s.children.push_back(cs);
        }
        out.push_back(std::move(s));
    }
    std::sort(out.begin(), out.end(),
              [](const IkeStatus& a, const IkeStatus& b) { return a.unique_id < b.unique_id; });
    return out;
}

} // namespace ipsec::ike::engine
