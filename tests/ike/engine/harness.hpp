// SPDX-License-Identifier: GPL-2.0-or-later
// Two (or more) engines joined by an in-memory network with a fake clock:
// seeded, deterministic loss, reordering and duplicate delivery, plus a filter
// for dropping chosen datagrams. Each node has its own FakeKernelIpsec and RNG.
#pragma once

#include "ike/engine/engine.hpp"
#include "ike/engine/proposals.hpp"
#include "ike/wire/codec.hpp"
#include "support/deterministic_rng.hpp"
#include "support/fake_kernel_ipsec.hpp"

#include <cstdio>
#include <cstdlib>
#include <functional>
#include <memory>
#include <random>
#include <set>
#include <string>
#include <vector>

namespace ike_engine_test {

using namespace ipsec::ike::engine;
using std::chrono::milliseconds;
using std::chrono::seconds;

inline ipxf::Address addr(const std::string& text) {
    return *ipxf::Address::parse(text);
}

inline Endpoint endpoint(const std::string& text, std::uint16_t port = 500) {
    return {addr(text), port};
}

// ike= / esp= text parsed as the conn loader does it.
inline std::vector<::ipsec::ike::crypto::Proposal> ike_list(const std::string& text) {
    return parse_proposals(::ipsec::ike::crypto::Protocol::ike, text).value();
}
inline std::vector<::ipsec::ike::crypto::Proposal> esp_list(const std::string& text) {
    return parse_proposals(::ipsec::ike::crypto::Protocol::esp, text).value();
}

inline TrafficSelectorConfig subnet(const std::string& text) {
    return {*Subnet::parse(text)};
}

struct Node : EngineSink {
    std::string name;
    ipxf::Address local_address;
    ipsec::ike::crypto::DeterministicRng rng;
    ipxf::FakeKernelIpsec kernel;
    Engine engine;
    std::vector<Event> events;
    std::vector<std::pair<Time, Event>> timed_events;
    std::vector<Datagram> outbox;
    std::multiset<Time> timers;
    Time now{0};

    Node(std::string n, const std::string& address, std::uint64_t seed,
         EngineSettings settings = {})
        : name(std::move(n)), local_address(addr(address)), rng(seed),
          engine(settings, rng, kernel, *this) {}

    void send(const Datagram& d) override { outbox.push_back(d); }
    void arm_timer(Time deadline) override { timers.insert(deadline); }
    void event(const Event& e) override {
        events.push_back(e);
        timed_events.emplace_back(now, e);
    }

    std::size_t count(EventType type) const {
        std::size_t n = 0;
        for (const auto& e : events)
            if (e.type == type)
                ++n;
        return n;
    }
    bool logged(const std::string& text) const {
        for (const auto& e : events)
            if (e.text.find(text) != std::string::npos)
                return true;
        return false;
    }
    std::vector<IkeStatus> sas() const { return engine.status(); }
    std::size_t established() const {
        std::size_t n = 0;
        for (const auto& s : engine.status())
            if (s.state == ipsec::ike::engine::IkeState::established)
                ++n;
        return n;
    }
    std::string dump() const {
        std::string out;
        for (const auto& [t, e] : timed_events)
            out += name + " " + std::to_string(t.count()) + "ms " + event_type_name(e.type) + " " +
                   e.text + "\n";
        return out;
    }
};

// A datagram on the wire, as the tests look at it.
struct Sent {
    Time at;
    std::string from;
    Datagram datagram;
    ipsec::ike::wire::Header header; // parsed from the bytes (marker stripped)
};

class Network {
public:
    explicit Network(std::uint64_t seed = 1) : m_random(seed) {}

    Node& add(std::unique_ptr<Node> node) {
        m_nodes.push_back(std::move(node));
        return *m_nodes.back();
    }

    double loss = 0.0;      // probability a datagram is lost
    double duplicate = 0.0; // probability it is delivered twice
    double reorder = 0.0;   // probability it is held back (and overtaken)
    Time latency{10};
    // Return true to drop that datagram (counted per node: the n-th sent by it).
    std::function<bool(const Sent&)> drop;
    // Rewrites a datagram on its way (a NAT), before it is routed by its destination.
    std::function<void(Datagram&)> translate;
    // Called after every delivery or timer (for invariants that must hold throughout).
    std::function<void()> after_step;
    std::vector<Sent> log; // every datagram sent
    std::size_t delivered = 0;
    Time now{0};

    // Runs until nothing is in flight and no timer is due before `until`.
    void run_until(Time until) {
        for (int guard = 0; guard < 200000; ++guard) {
            collect();
            Time next = until + Time(1);
            for (auto& p : m_flight)
                next = std::min(next, p.at);
            for (auto& n : m_nodes)
                if (!n->timers.empty())
                    next = std::min(next, *n->timers.begin());
            if (next > until) {
                now = until;
                return;
            }
            now = std::max(now, next);
            deliver_or_fire();
            if (after_step)
                after_step();
        }
    }
    void run_for(Time span) { run_until(now + span); }

    std::size_t count_sent(ipsec::ike::wire::ExchangeType exchange, bool response) const {
        std::size_t n = 0;
        for (const auto& s : log)
            if (s.header.exchange == exchange && s.header.response == response)
                ++n;
        return n;
    }

    std::vector<std::unique_ptr<Node>>& nodes() { return m_nodes; }
    std::size_t in_flight() const { return m_flight.size(); }

private:
    struct Flight {
        Time at;
        std::uint64_t seq;
        Node* to;
        Datagram datagram;
    };

    bool chance(double p) {
        if (p <= 0)
            return false;
        return std::uniform_real_distribution<double>(0, 1)(m_random) < p;
    }

    void collect() {
        for (auto& n : m_nodes) {
            auto out = std::move(n->outbox);
            n->outbox.clear();
            for (auto& d : out) {
                Sent s{now, n->name, d, {}};
                std::vector<std::uint8_t> bytes = d.bytes;
                if (d.local.port == 4500 && bytes.size() >= 4)
                    bytes.erase(bytes.begin(), bytes.begin() + 4);
                if (auto m = ipsec::ike::wire::parse(bytes))
                    s.header = m->header;
                log.push_back(s);
                if (drop && drop(s))
                    continue;
                if (chance(loss))
                    continue;
                if (translate)
                    translate(d);
                Node* to = nullptr;
                for (auto& m : m_nodes)
                    if (m->local_address == d.remote.address)
                        to = m.get();
                if (!to)
                    continue;
                Time at = now + latency;
                if (chance(reorder))
                    at += Time(std::uniform_int_distribution<int>(20, 200)(m_random));
                m_flight.push_back({at, m_seq++, to, d});
                if (chance(duplicate))
                    m_flight.push_back({at + Time(5), m_seq++, to, d});
            }
        }
    }

    void deliver_or_fire() {
        // datagrams first, in order of arrival time then sending order
        auto best = m_flight.end();
        for (auto it = m_flight.begin(); it != m_flight.end(); ++it)
            if (it->at <= now && (best == m_flight.end() || it->at < best->at ||
                                  (it->at == best->at && it->seq < best->seq)))
                best = it;
        if (best != m_flight.end()) {
            Flight f = std::move(*best);
            m_flight.erase(best);
            ++delivered;
            f.to->now = now;
            f.to->engine.on_datagram(f.datagram.remote, f.datagram.local, f.datagram.bytes, now);
            return;
        }
        for (auto& n : m_nodes) {
            if (!n->timers.empty() && *n->timers.begin() <= now) {
                while (!n->timers.empty() && *n->timers.begin() <= now)
                    n->timers.erase(n->timers.begin());
                n->now = now;
                n->engine.on_timer(now);
                return;
            }
        }
    }

    std::mt19937_64 m_random;
    std::vector<std::unique_ptr<Node>> m_nodes;
    std::vector<Flight> m_flight;
    std::uint64_t m_seq = 0;
};

} // namespace ike_engine_test

namespace ike_engine_test {

inline const std::string k_alice = "192.168.27.128";
inline const std::string k_bob = "192.168.27.132";

// The seed lab's host-host connection (tests/ike/data/host-host-*.conf) seen
// from `local`: PSK, transport mode, default proposals.
inline PeerConfig host_host(const std::string& local, const std::string& remote,
                            const std::string& psk = "lab-secret-0123456789") {
    PeerConfig p;
    p.name = "host-host";
    p.local = endpoint(local);
    p.remote = endpoint(remote);
    p.psk = secret_bytes(psk);
    p.dpddelay = seconds(0);
    ChildConfig c;
    c.name = "host-host";
    c.mode = ChildMode::transport;
    p.children.push_back(c);
    return p;
}

// Two nodes with the host-host config, in a network.
struct Pair {
    Network net;
    Node& alice;
    Node& bob;
    Pair(PeerConfig a, PeerConfig b, std::uint64_t seed = 1, EngineSettings sa = {},
         EngineSettings sb = {})
        : net(seed), alice(net.add(std::make_unique<Node>("alice", a.local.address.to_string(),
                                                          100 + seed, sa))),
          bob(net.add(std::make_unique<Node>("bob", b.local.address.to_string(), 200 + seed, sb))) {
        alice.engine.add_peer(std::move(a)).value();
        bob.engine.add_peer(std::move(b)).value();
    }
    std::string dump() const { return alice.dump() + bob.dump(); }
    // IKE_ENGINE_TRACE=1 prints both logs (for working on a test).
    ~Pair() {
        if (std::getenv("IKE_ENGINE_TRACE"))
            std::fputs(dump().c_str(), stderr);
    }
};

} // namespace ike_engine_test
