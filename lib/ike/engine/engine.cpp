#include "ike/engine/engine.hpp"

#include "ike/engine/child_create.hpp"
#include "ike/engine/child_delete.hpp"
#include "ike/engine/child_rekey.hpp"
#include "ike/engine/engine_core.hpp"
#include "ike/engine/ike_delete.hpp"
#include "ike/engine/ike_rekey.hpp"
#include "ike/engine/proposals.hpp"

namespace ipsec::ike::engine {

Engine::Engine(EngineSettings settings, ::ike::crypto::Rng& rng, ipxf::KernelIpsec& kernel,
               EngineSink& sink)
    : m_core(std::make_unique<EngineCore>(settings, rng, kernel, sink)) {}

Engine::~Engine() = default;

Result<void> Engine::add_peer(PeerConfig peer) {
    if (peer.name.empty())
        return Error::plain("a conn needs a name");
    for (const auto& existing : m_core->peers)
        if (existing.name == peer.name)
            return Error::plain("conn '" + peer.name + "' is already loaded");
    if (auto ike = configured(::ike::crypto::Protocol::ike, peer.ike_proposals); !ike)
        return ike.error().with_context("conn '" + peer.name + "' ike=");
    for (const auto& child : peer.children)
        if (auto esp = child_proposals(child, false); !esp)
            return esp.error();
    if (peer.local.address.family == 0)
        return Error::plain("conn '" + peer.name + "': left= is not set");
    m_core->peers.push_back(std::move(peer));
    return success();
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
        if (sa->config.name == peer->name && sa->state == IkeState::established) {
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
    m_core->sweep();
}

void Engine::on_timer(Time now) {
    m_core->now = now;
    m_core->on_timer();
    m_core->sweep();
}

Result<void> Engine::terminate_ike(std::uint32_t ike_id, Time now) {
    m_core->now = now;
    IkeSa* sa = m_core->find_sa(ike_id);
    if (!sa)
        return Error::plain("no IKE_SA with id " + std::to_string(ike_id));
    if (sa->state == IkeState::connecting) {
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
    if (!sa || sa->state != IkeState::established)
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
    if (!child || child->state != ChildState::installed)
        return Error::plain("no installed CHILD_SA with id " + std::to_string(child_id));
    child->rekey_at.reset();
    m_core->queue_task(*sa, std::make_unique<ChildRekey>(child_id));
    m_core->sweep();
    return success();
}

std::vector<IkeStatus> Engine::status() const {
    std::vector<IkeStatus> out;
    for (const auto& [spi, sa] : m_core->sas) {
        if (sa->state == IkeState::destroyed)
            continue;
        IkeStatus s;
        s.unique_id = sa->unique_id;
        s.name = sa->name();
        s.state = sa->state;
        s.initiator = sa->original_initiator;
        s.spi_i = sa->spi_i;
        s.spi_r = sa->spi_r;
        s.local = sa->local;
        s.remote = sa->remote;
        if (sa->suite)
            s.proposal = ::ike::crypto::to_string(sa->proposal);
        s.rekey_at = sa->rekey_at;
        for (const auto& c : sa->children) {
            ChildStatus cs;
            cs.unique_id = c->unique_id;
            cs.name = c->name();
            cs.state = c->state;
            cs.mode = c->mode;
            cs.reqid = c->reqid;
            cs.inbound_spi = c->inbound_spi;
            cs.outbound_spi = c->outbound_spi;
            cs.local_ts = to_string(c->local_ts);
            cs.remote_ts = to_string(c->remote_ts);
            if (c->state == ChildState::installed || c->state == ChildState::rekeying ||
                c->state == ChildState::rekeyed)
                cs.proposal = ::ike::crypto::to_string(c->proposal);
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
