// SPDX-License-Identifier: GPL-2.0-or-later
#include "ike/engine/engine_core.hpp"

#include "ike/engine/child_create.hpp"
#include "ike/engine/child_delete.hpp"
#include "ike/engine/child_rekey.hpp"
#include "ike/engine/dpd.hpp"
#include "ike/engine/exchange_rules.hpp"
#include "ike/engine/ike_auth.hpp"
#include "ike/engine/ike_delete.hpp"
#include "ike/engine/ike_init.hpp"
#include "ike/engine/ike_rekey.hpp"
#include "ike/engine/informational.hpp"
#include "ike/engine/kernel_child.hpp"
#include "ike/engine/payload_access.hpp"
#include "ike/engine/retransmission.hpp"
#include "ike/wire/codec.hpp"

#include <algorithm>
#include <botan/hash.h>
#include <cstring>

namespace ipsec::ike::engine {

namespace {

// SHA-256 of a request datagram (the retransmission check).
std::vector<std::uint8_t> request_hash(std::span<const std::uint8_t> datagram) {
    auto sha = Botan::HashFunction::create_or_throw("SHA-256");
    sha->update(datagram.data(), datagram.size());
    auto digest = sha->final();
    return {digest.begin(), digest.end()};
}

} // namespace

namespace {

constexpr std::uint8_t kNonEspMarker[4] = {0, 0, 0, 0};

// The datagram with the 4-octet non-ESP marker in front (RFC 3948 section 2.2).
std::vector<std::uint8_t> with_marker(const std::vector<std::uint8_t>& bytes) {
    std::vector<std::uint8_t> out(bytes.size() + 4, 0);
    std::copy(bytes.begin(), bytes.end(), out.begin() + 4);
    return out;
}

std::string bytes_text(std::size_t n) {
    return "(" + std::to_string(n) + " bytes)";
}

} // namespace

EngineCore::EngineCore(EngineSettings settings_in, ::ipsec::ike::crypto::Rng& rng_in,
                       ipxf::KernelIpsec& kernel_in, EngineSink& sink_in)
    : settings(settings_in), rng(rng_in), kernel(kernel_in), sink(sink_in), cookies(rng_in) {}

void EngineCore::emit(EventType type, const IkeSa* sa, const ChildSa* child, std::string text) {
    Event e;
    e.type = type;
    if (sa) {
        e.conn = sa->config.name;
        e.ike_id = sa->unique_id;
    }
    if (child)
        e.child_id = child->unique_id;
    const bool child_event = type == EventType::child_installed ||
                             type == EventType::child_rekeyed || type == EventType::child_deleted;
    if (sa && child && child_event) {
        ChildInfo info;
        info.local = sa->local;
        info.remote = sa->remote;
        info.local_id = sa->local_id.to_string();
        info.remote_id = sa->remote_id.to_string();
        info.local_ts = child->local_ts;
        info.remote_ts = child->remote_ts;
        info.reqid = child->reqid;
        info.encap = child->encap;
        info.mark_in = child->config.mark_in;
        info.mark_out = child->config.mark_out;
        info.replaced = child->replaced;
        e.child = std::move(info);
    }
    e.text = std::move(text);
    sink.event(e);
}

void EngineCore::emit_conn(const std::string& conn, std::string text) {
    Event e;
    e.conn = conn;
    e.text = std::move(text);
    sink.event(e);
}

void EngineCore::closed_by_peer(const IkeSa& sa, const ChildSa* only) {
    const DpdAction action = sa.config.closeaction;
    if (action != DpdAction::hold && action != DpdAction::restart)
        return;
    for (const auto& child : sa.children) {
        if (only && child.get() != only)
            continue;
        if (child->state() != ChildState::installed)
            continue; // rekeyed ones are replaced, not closed
        emit(EventType::log, &sa, child.get(),
             std::string("closeaction=") + (action == DpdAction::hold ? "hold" : "restart") +
                 " for CHILD_SA " + child->name());
        after_close.push_back({child->config.name, action});
    }
}

bool EngineCore::trap_covers(const ipxf::Policy& policy) const {
    if (policy.tmpls.empty())
        return false;
    for (const auto& trap : traps) {
        if (trap.config.reqid != policy.tmpls[0].reqid)
            continue;
        for (const auto& p : trap_policies(trap))
            if (p.sel == policy.sel && p.dir == policy.dir)
                return true;
    }
    return false;
}

std::uint64_t EngineCore::new_spi() {
    while (true) {
        std::uint8_t b[8];
        rng.fill(b);
        std::uint64_t spi = 0;
        for (auto x : b)
            spi = (spi << 8) | x;
        if (spi != 0 && !sas.count(spi))
            return spi;
    }
}

IkeSa& EngineCore::adopt(std::unique_ptr<IkeSa> sa) {
    if (sa->unique_id == 0)
        sa->unique_id = next_ike_id++;
    auto spi = sa->local_spi();
    if (!sa->original_initiator)
        m_responder_by_spi_i.emplace(sa->spi_i, spi);
    auto& slot = sas[spi];
    slot = std::move(sa);
    return *slot;
}

std::size_t EngineCore::AddressHash::operator()(const ipxf::Address& a) const noexcept {
    std::size_t h = a.family;
    for (auto b : a.bytes)
        h = h * 131 + b;
    return h;
}

Result<void> EngineCore::set_state(IkeSa& sa, IkeState to) {
    const IkeState from = sa.m_state;
    if (auto moved = transition(sa.m_state, to); !moved) {
        emit(EventType::log, &sa, nullptr, "refused: " + moved.error().message);
        return moved;
    }
    bool half_open = !sa.original_initiator && to == IkeState::connecting;
    if (half_open != sa.m_half_open) {
        sa.m_half_open = half_open;
        if (half_open) {
            ++m_half_open_total;
            ++m_half_open_by_address[sa.remote.address];
        } else {
            --m_half_open_total;
            auto it = m_half_open_by_address.find(sa.remote.address);
            if (it != m_half_open_by_address.end() && --it->second == 0)
                m_half_open_by_address.erase(it);
        }
    }
    if (to == IkeState::destroyed && from != IkeState::destroyed)
        m_destroyed.push_back(sa.local_spi());
    if (to == IkeState::established && sa.nat.local_behind &&
        settings.keepalive_interval > Time(0)) {
        sa.keepalive_at = now + settings.keepalive_interval;
        arm(*sa.keepalive_at);
    }
    return success();
}

Result<void> EngineCore::set_state(IkeSa& sa, ChildSa& child, ChildState to) {
    if (auto moved = transition(child.m_state, to); !moved) {
        emit(EventType::log, &sa, &child, "refused: " + moved.error().message);
        return moved;
    }
    return success();
}

unsigned EngineCore::half_open_from(const ipxf::Address& address) const {
    auto it = m_half_open_by_address.find(address);
    return it == m_half_open_by_address.end() ? 0 : it->second;
}

std::vector<IkeSa*> EngineCore::responder_sas(std::uint64_t spi_i) {
    std::vector<IkeSa*> out;
    auto [first, last] = m_responder_by_spi_i.equal_range(spi_i);
    for (auto it = first; it != last; ++it)
        if (auto found = sas.find(it->second); found != sas.end())
            out.push_back(found->second.get());
    return out;
}

void EngineCore::queue_task(IkeSa& sa, std::unique_ptr<Task> task) {
    sa.queue.push_back(std::move(task));
    start_next(sa);
}

void EngineCore::destroy(IkeSa& sa, const std::string& why) {
    if (sa.state() == IkeState::destroyed)
        return;
    if (sa.active && sa.active->task)
        sa.active->task->abort(*this, sa);
    sa.active.reset();
    for (auto& task : sa.queue)
        task->abort(*this, sa);
    sa.queue.clear();
    for (auto& child : sa.children) {
        bool had = child->inbound_installed || child->outbound_installed;
        uninstall_child(*this, sa, *child);
        (void)set_state(sa, *child, ChildState::destroyed); // refused only when destroyed
        if (had)
            emit(EventType::child_deleted, &sa, child.get(), "closing CHILD_SA " + child->name());
    }
    sa.children.clear();
    (void)set_state(sa, IkeState::destroyed); // refused only when already destroyed
    emit(EventType::ike_deleted, &sa, nullptr,
         "IKE_SA " + sa.name() + " deleted" + (why.empty() ? "" : " (" + why + ")"));
}

void EngineCore::arm(Time deadline) {
    sink.arm_timer(deadline);
}

void EngineCore::send(const Endpoint& local, const Endpoint& remote,
                      std::vector<std::uint8_t> bytes) {
    Datagram d;
    d.local = local;
    d.remote = remote;
    if (local.port == kNattPort || remote.port == kNattPort) {
        d.bytes = with_marker(bytes);
    } else {
        d.bytes = std::move(bytes);
    }
    emit(EventType::log, nullptr, nullptr,
         "sending packet: from " + local.to_string() + " to " + remote.to_string() + " " +
             bytes_text(d.bytes.size()));
    sink.send(d);
}

std::uint32_t EngineCore::allocate_reqid(const ChildConfig& config) {
    if (config.reqid != 0)
        return config.reqid;
    // a config routed once keeps its trap's reqid, also for IKE_SAs whose copy
    // of the config is older than the trap
    if (auto it = trap_reqids.find(config.name); it != trap_reqids.end())
        return it->second;
    return next_reqid++;
}

namespace {

// 0: the conn does not take these addresses; 1: any peer (%any); 2: a subnet
// or range holds the peer; 3: the peer's own address.
int address_match(const PeerConfig& peer, const Endpoint& local, const Endpoint& remote) {
    if (peer.local.address.family != 0 && peer.local.address != local.address)
        return 0;
    if (!peer.remote_accept.empty()) {
        for (const auto& range : peer.remote_accept)
            if (range.contains(remote.address))
                return range.start == range.end ? 3 : 2;
        return 0;
    }
    if (peer.remote.address.family == 0)
        return 1;
    return peer.remote.address == remote.address ? 3 : 0;
}

} // namespace

const PeerConfig* EngineCore::find_peer(const Endpoint& local, const Endpoint& remote) const {
    const PeerConfig* best = nullptr;
    int best_score = 0;
    for (const auto& peer : peers) {
        const int score = address_match(peer, local, remote);
        if (score > best_score)
            best = &peer, best_score = score;
    }
    return best;
}

const PeerConfig* EngineCore::select_peer(const Endpoint& local, const Endpoint& remote,
                                          const Identity& peer_id,
                                          const std::optional<Identity>& wanted_local) const {
    const PeerConfig* best = nullptr;
    int best_score = 0;
    for (const auto& peer : peers) {
        const int addresses = address_match(peer, local, remote);
        const int other = match_identity(peer.remote_id, peer_id);
        int me = 1;
        if (wanted_local)
            me = match_identity(peer.local_id.value_or(Identity::from_address(local.address)),
                                *wanted_local);
        if (addresses == 0 || other == 0 || me == 0)
            continue;
        const int score = other * 100 + me * 10 + addresses;
        if (score > best_score)
            best = &peer, best_score = score;
    }
    return best;
}

IkeSa* EngineCore::find_sa(std::uint32_t unique_id) {
    for (auto& [spi, sa] : sas)
        if (sa->unique_id == unique_id && sa->state() != IkeState::destroyed)
            return sa.get();
    return nullptr;
}

ChildSa* EngineCore::find_child(std::uint32_t unique_id, IkeSa** owner) {
    for (auto& [spi, sa] : sas) {
        if (sa->state() == IkeState::destroyed)
            continue;
        if (auto* child = sa->find_child(unique_id)) {
            if (owner)
                *owner = sa.get();
            return child;
        }
    }
    return nullptr;
}

Time EngineCore::retry_delay() {
    std::uint8_t b[2];
    rng.fill(b);
    return Time(10000 + ((b[0] << 8) | b[1]) % 10000);
}

void EngineCore::schedule_ike_lifetime(IkeSa& sa) {
    auto life = std::chrono::duration_cast<Time>(sa.config.ikelifetime);
    auto margin = std::chrono::duration_cast<Time>(sa.config.margintime);
    sa.expire_at = now + life;
    arm(*sa.expire_at);
    // The side that created the IKE_SA rekeys it; the other only expires it, so
    // the two never rekey at the same moment.
    if (sa.config.rekey && sa.original_initiator && life > margin) {
        sa.rekey_at = now + life - margin;
        arm(*sa.rekey_at);
        emit(EventType::log, &sa, nullptr,
             "scheduling rekeying in " +
                 std::to_string(
                     std::chrono::duration_cast<std::chrono::seconds>(life - margin).count()) +
                 "s");
    }
    if (sa.config.dpddelay.count() > 0)
        arm(sa.last_received + std::chrono::duration_cast<Time>(sa.config.dpddelay));
}

Result<std::uint32_t> EngineCore::initiate(const PeerConfig& peer, const ChildConfig* child,
                                           unsigned keying_try) {
    auto sa = std::make_unique<IkeSa>();
    sa->config = peer;
    sa->original_initiator = true;
    sa->spi_i = new_spi();
    sa->local = peer.local;
    sa->remote = peer.remote;
    sa->local_id = peer.local_id.value_or(Identity::from_address(peer.local.address));
    sa->remote_id = peer.remote_id.value_or(Identity::from_address(peer.remote.address));
    sa->created_at = now;
    sa->last_received = now;
    sa->keying_try = keying_try;
    auto init = IkeInit::create(*this, *sa);
    if (!init)
        return init.error();
    IkeSa& added = adopt(std::move(sa));
    (void)set_state(added, IkeState::connecting); // a new IKE_SA is CREATED
    emit(EventType::ike_connecting, &added, nullptr,
         "initiating IKE_SA " + added.name() + " to " + added.remote.address.to_string());
    std::optional<ChildConfig> first;
    if (child)
        first = *child;
    added.queue.push_back(std::move(*init));
    added.queue.push_back(std::make_unique<IkeAuth>(first));
    start_next(added);
    return added.unique_id;
}

void EngineCore::start_next(IkeSa& sa) {
    if (sa.active || sa.queue.empty() || sa.state() == IkeState::destroyed)
        return;
    auto task = std::move(sa.queue.front());
    sa.queue.pop_front();
    PendingRequest pending;
    pending.exchange = task->exchange();
    pending.message_id = sa.next_request_id++;
    pending.task = std::move(task);
    sa.active = std::move(pending);
    transmit_request(sa);
}

// Builds the active task's request and sends it (again, after COOKIE or INVALID_KE).
void EngineCore::transmit_request(IkeSa& sa) {
    auto& active = *sa.active;
    auto payloads = active.task->build_request(*this, sa);
    if (!payloads) {
        emit(EventType::log, &sa, nullptr,
             std::string(active.task->name()) + " failed: " + payloads.error().to_string());
        sa.active.reset();
        if (sa.state() == IkeState::connecting)
            destroy(sa,
                    "could not build " + std::string(wire::exchange_type_name(active.exchange)));
        else
            start_next(sa);
        return;
    }
    wire::Header header = sa.header(active.exchange, false, active.message_id);
    std::vector<std::uint8_t> bytes;
    wire::Message message{header, *payloads};
    if (active.exchange == wire::ExchangeType::ike_sa_init) {
        bytes = wire::serialize(message);
        sa.init_request = bytes;
    } else {
        auto sealed = sa.protect(header, *payloads, rng);
        if (!sealed) {
            emit(EventType::log, &sa, nullptr, "encrypting failed: " + sealed.error().to_string());
            sa.active.reset();
            destroy(sa, "encryption failed");
            return;
        }
        bytes = std::move(*sealed);
    }
    emit(EventType::log, &sa, nullptr, "generating " + message.summary());
    active.sent = 0;
    active.next_send = now + retransmit_wait(settings, 0);
    active.datagram = bytes;
    arm(active.next_send);
    send(sa.local, sa.remote, std::move(bytes));
}

void EngineCore::on_datagram(const Endpoint& local, const Endpoint& remote,
                             std::span<const std::uint8_t> bytes) {
    std::vector<std::uint8_t> datagram(bytes.begin(), bytes.end());
    if (local.port == kNattPort || remote.port == kNattPort) {
        if (datagram.size() < 4 || std::memcmp(datagram.data(), kNonEspMarker, 4) != 0) {
            emit(EventType::message_dropped, nullptr, nullptr,
                 "received an ESP packet (no non-ESP marker) from " + remote.to_string() +
                     ", not for IKE");
            return;
        }
        datagram.erase(datagram.begin(), datagram.begin() + 4);
    }
    emit(EventType::log, nullptr, nullptr,
         "received packet: from " + remote.to_string() + " to " + local.to_string() + " " +
             bytes_text(bytes.size()));
    auto parsed = wire::parse(datagram);
    if (!parsed) {
        emit(EventType::message_dropped, nullptr, nullptr,
             "dropping invalid message from " + remote.to_string() + ": " +
                 parsed.error().to_string());
        return;
    }
    const wire::Message& message = *parsed;
    const wire::Header& h = message.header;
    if (h.exchange == wire::ExchangeType::ike_sa_init && !h.response) {
        respond_ike_sa_init(*this, message, std::move(datagram), local, remote);
        return;
    }
    // Our SPI: the responder's if the sender is the original initiator.
    std::uint64_t ours = h.initiator ? h.spi_r : h.spi_i;
    auto it = sas.find(ours);
    if (it == sas.end() || it->second->state() == IkeState::destroyed ||
        it->second->remote_spi() != (h.initiator ? h.spi_i : h.spi_r)) {
        // an IKE_SA_INIT response carries the SPI we do not know yet
        if (!(it != sas.end() && h.exchange == wire::ExchangeType::ike_sa_init && h.response &&
              it->second->state() == IkeState::connecting && it->second->spi_r == 0)) {
            emit(EventType::message_dropped, nullptr, nullptr,
                 "no IKE_SA found for " + message.summary() + " from " + remote.to_string());
            return;
        }
    }
    IkeSa& sa = *it->second;
    if (h.initiator == sa.original_initiator) {
        emit(EventType::message_dropped, &sa, nullptr,
             "dropping " + message.summary() + ": wrong initiator flag");
        return;
    }
    if (h.response)
        handle_response(sa, message, std::move(datagram), local, remote);
    else
        handle_request(sa, message, std::move(datagram), local, remote);
}

void EngineCore::handle_request(IkeSa& sa, const wire::Message& message,
                                std::vector<std::uint8_t> datagram, const Endpoint& local,
                                const Endpoint& remote) {
    const auto& h = message.header;
    const auto* fragment =
        message.payloads.empty()
            ? nullptr
            : std::get_if<wire::EncryptedFragmentPayload>(&message.payloads.back());
    if (sa.cached_response_id && h.message_id == *sa.cached_response_id) {
        if (fragment && fragment->number != 1)
            return;
        // Only the request we answered, from where it came: a forged or
        // spoofed copy of the header must not make us send to anyone.
        if (remote != sa.remote || request_hash(datagram) != sa.cached_request_hash) {
            emit(EventType::message_dropped, &sa, nullptr,
                 "received a different message with the ID of the last request (" +
                     std::to_string(h.message_id) + ") from " + remote.to_string() + ", dropped");
            return;
        }
        emit(EventType::log, &sa, nullptr,
             "received retransmit of request with ID " + std::to_string(h.message_id) +
                 ", retransmitting response");
        send(local, remote, sa.cached_response);
        return;
    }
    if (h.message_id != sa.expected_request_id) {
        emit(EventType::message_dropped, &sa, nullptr,
             "received " + message.summary() + " with message ID " + std::to_string(h.message_id) +
                 ", expected " + std::to_string(sa.expected_request_id) + ", dropped");
        return;
    }
    const ExchangeRule* rule = find_exchange_rule(h.exchange, false);
    if (!rule || !rule->encrypted) {
        emit(EventType::message_dropped, &sa, nullptr,
             "unsupported exchange in " + message.summary() + ", dropped");
        return;
    }
    if (!fragment || fragment->number == 1)
        sa.pending_request_hash = request_hash(datagram);
    auto inner = sa.unprotect(message, datagram);
    if (!inner) {
        emit(EventType::message_dropped, &sa, nullptr,
             "dropping " + message.summary() + ": " + inner.error().to_string());
        return;
    }
    if (!*inner) {
        emit(EventType::log, &sa, nullptr,
             "received fragment of " + message.summary() + ", waiting for the rest");
        return;
    }
    sa.last_received = now;
    if (auto dpd = std::chrono::duration_cast<Time>(sa.config.dpddelay); dpd.count() > 0)
        arm(now + dpd);
    if (sa.local != local || sa.remote != remote) {
        // the peer floated to port 4500 (or moved behind a NAT)
        sa.local = local;
        sa.remote = remote;
    }
    Received received{h, std::move(**inner), std::move(datagram)};
    {
        wire::Message plain{h, received.payloads};
        emit(EventType::log, &sa, nullptr, "parsed " + plain.summary());
    }
    Result<Response> response = Error::plain("unhandled");
    if (auto checked = check_payloads(*rule, received.payloads); !checked) {
        response = checked.error();
    } else if (sa.state() == IkeState::connecting && h.exchange != wire::ExchangeType::ike_auth) {
        response = Error::ike(static_cast<int>(wire::NotifyType::invalid_syntax),
                              message.summary() + " before IKE_AUTH");
    } else if (h.exchange == wire::ExchangeType::ike_auth &&
               (sa.state() != IkeState::connecting || sa.original_initiator)) {
        response =
            Error::ike(static_cast<int>(wire::NotifyType::invalid_syntax),
                       "IKE_AUTH on an IKE_SA in state " + std::string(state_name(sa.state())));
    } else {
        switch (h.exchange) {
        case wire::ExchangeType::ike_auth:
            response = respond_ike_auth(*this, sa, received);
            break;
        case wire::ExchangeType::create_child_sa: {
            const auto* sa_payload = find_payload<wire::SaPayload>(received.payloads);
            bool ike = sa_payload && !sa_payload->proposals.empty() &&
                       sa_payload->proposals[0].protocol == wire::ProtocolId::ike;
            if (find_notify(received.payloads, wire::NotifyType::rekey_sa))
                response = respond_child_rekey(*this, sa, received);
            else if (ike)
                response = respond_ike_rekey(*this, sa, received);
            else
                response = respond_create_child(*this, sa, received);
            break;
        }
        case wire::ExchangeType::informational:
            response = respond_informational(*this, sa, received);
            break;
        default:
            break;
        }
    }
    Response out;
    if (response) {
        out = std::move(*response);
    } else {
        const Error& e = response.error();
        int code = e.domain == ErrorDomain::ike
                       ? e.code
                       : static_cast<int>(wire::NotifyType::temporary_failure);
        emit(EventType::log, &sa, nullptr, "answering with notify error: " + e.to_string());
        wire::Bytes data;
        if (code == static_cast<int>(wire::NotifyType::invalid_ke_payload) && e.detail &&
            e.detail->size() == 2)
            data.assign(e.detail->begin(), e.detail->end()); // the group we want
        out.payloads.push_back(make_notify(static_cast<wire::NotifyType>(code), data));
        // A refused IKE_AUTH leaves no IKE_SA behind (RFC 7296 2.21.2).
        if (h.exchange == wire::ExchangeType::ike_auth && sa.state() == IkeState::connecting)
            out.destroy_ike = true;
    }
    wire::Header rh = sa.header(h.exchange, true, h.message_id);
    auto sealed = sa.protect(rh, out.payloads, rng);
    if (!sealed) {
        emit(EventType::log, &sa, nullptr,
             "encrypting response failed: " + sealed.error().to_string());
        return;
    }
    emit(EventType::log, &sa, nullptr, "generating " + wire::Message{rh, out.payloads}.summary());
    sa.expected_request_id = h.message_id + 1;
    sa.cached_response_id = h.message_id;
    sa.cached_response = *sealed;
    sa.cached_request_hash = std::move(sa.pending_request_hash);
    send(local, remote, std::move(*sealed));
    if (out.destroy_ike)
        destroy(sa, "");
    else
        start_next(sa);
}

void EngineCore::handle_response(IkeSa& sa, const wire::Message& message,
                                 std::vector<std::uint8_t> datagram, const Endpoint&,
                                 const Endpoint&) {
    const auto& h = message.header;
    if (!sa.active || sa.active->message_id != h.message_id || sa.active->exchange != h.exchange) {
        emit(EventType::message_dropped, &sa, nullptr,
             "received unexpected " + message.summary() + ", dropped");
        return;
    }
    Received received{h, {}, datagram};
    if (h.exchange == wire::ExchangeType::ike_sa_init) {
        received.payloads = message.payloads;
    } else {
        auto inner = sa.unprotect(message, datagram);
        if (!inner) {
            emit(EventType::message_dropped, &sa, nullptr,
                 "dropping " + message.summary() + ": " + inner.error().to_string());
            return;
        }
        if (!*inner)
            return; // more fragments to come
        received.payloads = std::move(**inner);
    }
    const ExchangeRule* rule = find_exchange_rule(h.exchange, true);
    if (rule) {
        if (auto checked = check_payloads(*rule, received.payloads); !checked) {
            emit(EventType::message_dropped, &sa, nullptr,
                 "dropping " + message.summary() + ": " + checked.error().to_string());
            return;
        }
    }
    sa.last_received = now;
    {
        wire::Message plain{h, received.payloads};
        emit(EventType::log, &sa, nullptr, "parsed " + plain.summary());
    }
    if (auto dpd = std::chrono::duration_cast<Time>(sa.config.dpddelay); dpd.count() > 0)
        arm(now + dpd);
    auto status = sa.active->task->process_response(*this, sa, received);
    switch (status) {
    case TaskStatus::done:
        sa.active.reset();
        start_next(sa);
        break;
    case TaskStatus::retry:
        transmit_request(sa);
        break;
    case TaskStatus::failed:
        sa.active.reset();
        destroy(sa, "");
        break;
    case TaskStatus::pending:
        if (sa.active->next_send > now + settings.init_error_wait) {
            sa.active->next_send = now + settings.init_error_wait;
            arm(sa.active->next_send);
        }
        break;
    }
}

void EngineCore::give_up(IkeSa& sa) {
    auto exchange = sa.active->exchange;
    emit(EventType::peer_dead, &sa, nullptr,
         "giving up after " + std::to_string(settings.retransmit_tries) + " retransmits");
    bool connecting = sa.state() == IkeState::connecting;
    bool established = sa.state() == IkeState::established || sa.state() == IkeState::rekeying;
    PeerConfig config = sa.config;
    unsigned tries = sa.keying_try;
    std::optional<ChildConfig> child;
    if (!config.children.empty())
        child = config.children.front();
    sa.active->task->abort(*this, sa);
    sa.active.reset();
    if (connecting)
        emit(EventType::ike_failed, &sa, nullptr,
             "establishing IKE_SA " + sa.name() + " failed: peer not responding to " +
                 wire::exchange_type_name(exchange));
    destroy(sa, "peer not responding");
    if (connecting && (config.keyingtries == 0 || tries < config.keyingtries)) {
        emit(EventType::log, nullptr, nullptr,
             "peer not responding, trying again (" + std::to_string(tries + 1) + "/" +
                 std::to_string(config.keyingtries) + ")");
        (void)initiate(config, child ? &*child : nullptr, tries + 1);
    } else if (established && config.dpdaction == DpdAction::restart) {
        emit(EventType::log, nullptr, nullptr, "restarting CHILD_SA after DPD timeout");
        (void)initiate(config, child ? &*child : nullptr, 1);
    } else if (established && config.dpdaction == DpdAction::hold) {
        for (const auto& c : config.children)
            after_close.push_back({c.name, DpdAction::hold});
    }
}

void EngineCore::check_timers(IkeSa& sa) {
    if (sa.state() == IkeState::destroyed)
        return;
    // retransmission
    if (sa.active && now >= sa.active->next_send) {
        if (sa.active->task->fail_pending(*this, sa)) {
            sa.active.reset();
            destroy(sa, "");
            return;
        }
        if (sa.active->sent >= settings.retransmit_tries) {
            give_up(sa);
            return;
        }
        ++sa.active->sent;
        sa.active->next_send = now + retransmit_wait(settings, sa.active->sent);
        arm(sa.active->next_send);
        emit(EventType::retransmit, &sa, nullptr,
             "retransmit " + std::to_string(sa.active->sent) + " of request with message ID " +
                 std::to_string(sa.active->message_id));
        send(sa.local, sa.remote, sa.active->datagram);
    }
    if (sa.expire_at && now >= *sa.expire_at) {
        if (sa.state() == IkeState::connecting) {
            emit(EventType::ike_failed, &sa, nullptr,
                 "half-open IKE_SA " + sa.name() + " timed out");
            destroy(sa, "half-open timeout");
        } else {
            sa.expire_at.reset();
            emit(EventType::log, &sa, nullptr,
                 "IKE_SA " + sa.name() + " reached its lifetime, deleting");
            queue_task(sa, std::make_unique<IkeDelete>());
        }
        return;
    }
    if (sa.state() == IkeState::established && sa.keepalive_at && now >= *sa.keepalive_at) {
        // RFC 3948 section 2.3: one 0xFF octet keeps the NAT's mapping alive.
        Datagram keepalive{sa.local, sa.remote, {0xff}}; // no non-ESP marker
        emit(EventType::log, &sa, nullptr, "sending keep alive to " + sa.remote.to_string());
        sink.send(keepalive);
        sa.keepalive_at = now + settings.keepalive_interval;
        arm(*sa.keepalive_at);
    }
    if (sa.state() == IkeState::established && sa.rekey_at && now >= *sa.rekey_at) {
        sa.rekey_at.reset();
        queue_task(sa, std::make_unique<IkeRekey>());
    }
    if (sa.state() == IkeState::established) {
        for (auto& child : sa.children) {
            if (child->state() == ChildState::installed && child->rekey_at &&
                now >= *child->rekey_at) {
                child->rekey_at.reset();
                queue_task(sa, std::make_unique<ChildRekey>(child->unique_id));
            }
            if (child->expire_at && now >= *child->expire_at &&
                child->state() != ChildState::deleting) {
                child->expire_at.reset();
                emit(EventType::log, &sa, child.get(),
                     "CHILD_SA " + child->name() + " reached its lifetime, deleting");
                queue_task(sa, std::make_unique<ChildDelete>(child->unique_id));
            }
        }
        auto dpd = std::chrono::duration_cast<Time>(sa.config.dpddelay);
        if (dpd.count() > 0 && !sa.active && sa.queue.empty()) {
            if (now >= sa.last_received + dpd)
                queue_task(sa, std::make_unique<Dpd>());
            else
                arm(sa.last_received + dpd);
        }
    }
}

void EngineCore::on_timer() {
    std::vector<std::uint64_t> keys;
    for (const auto& [spi, sa] : sas)
        keys.push_back(spi);
    for (auto spi : keys) {
        auto it = sas.find(spi);
        if (it != sas.end())
            check_timers(*it->second);
    }
}

void EngineCore::sweep() {
    for (auto spi : m_destroyed) {
        auto it = sas.find(spi);
        if (it == sas.end() || it->second->state() != IkeState::destroyed)
            continue;
        if (!it->second->original_initiator) {
            auto [first, last] = m_responder_by_spi_i.equal_range(it->second->spi_i);
            for (auto r = first; r != last; ++r)
                if (r->second == spi) {
                    m_responder_by_spi_i.erase(r);
                    break;
                }
        }
        sas.erase(it);
    }
    m_destroyed.clear();
}

} // namespace ipsec::ike::engine
