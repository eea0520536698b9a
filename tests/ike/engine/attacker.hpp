// SPDX-License-Identifier: GPL-2.0-or-later
// A hand-driven IKE initiator for hostile-input tests: it speaks to one engine
// directly (no Network), builds IKE_SA_INIT itself, derives the keys of the
// IKE_SA it opened and then sends any payloads it likes, encrypted with the
// right keys. So the tests (and the stateful fuzzer) reach IKE_AUTH and
// CREATE_CHILD_SA handlers with messages a real engine would never send.
#pragma once

#include "ike/crypto/diffie_hellman.hpp"
#include "ike/crypto/key_schedule.hpp"
#include "ike/crypto/proposal_selection.hpp"
#include "ike/crypto/psk_auth.hpp"
#include "ike/crypto/sk_ciphers.hpp"
#include "ike/engine/engine.hpp"
#include "ike/engine/ike_sa.hpp"
#include "ike/engine/payload_access.hpp"
#include "ike/engine/proposals.hpp"
#include "ike/wire/codec.hpp"
#include "support/deterministic_rng.hpp"

#include <optional>
#include <string>
#include <vector>

namespace ike_engine_test {

namespace hostile {

namespace wire = ipsec::ike::wire;
namespace crypto = ::ipsec::ike::crypto;
using ipsec::ike::engine::Datagram;
using ipsec::ike::engine::Endpoint;
using ipsec::ike::engine::Engine;
using ipsec::ike::engine::IkeSa;
using ipsec::ike::engine::Time;
using Bytes = std::vector<std::uint8_t>;

// Serialized message bytes from a header and plain payloads (IKE_SA_INIT or junk).
inline Bytes plain_message(const wire::Header& header, std::vector<wire::Payload> payloads) {
    wire::Message m;
    m.header = header;
    m.payloads = std::move(payloads);
    return wire::serialize(m);
}

class Attacker {
public:
    // `send` hands a datagram to the target and returns what it answered.
    using Deliver = std::function<std::vector<Datagram>(const Endpoint& from, const Endpoint& to,
                                                        const Bytes& bytes)>;

    Attacker(Endpoint self, Endpoint target, Deliver deliver, std::uint64_t seed = 9)
        : m_self(self), m_target(target), m_deliver(std::move(deliver)), m_rng(seed) {
        m_sa.original_initiator = true;
        m_sa.spi_i = 0x1122334455667788ull ^ seed;
    }

    IkeSa& sa() { return m_sa; }
    crypto::Rng& rng() { return m_rng; }
    std::uint64_t spi_i() const { return m_sa.spi_i; }

    // Raw bytes to the target on port 500 (4500 adds the non-ESP marker).
    std::vector<Datagram> send_raw(const Bytes& bytes, std::uint16_t port = 500) {
        Endpoint from = m_self, to = m_target;
        from.port = to.port = port;
        Bytes out = bytes;
        if (port == 4500)
            out.insert(out.begin(), 4, 0);
        return m_deliver(from, to, out);
    }

    // The IKE_SA_INIT request (aes128-sha256-x25519, a 32-octet nonce).
    Bytes init_request(const std::vector<wire::Payload>& extra = {}) {
        if (!m_dh)
            m_dh = crypto::create_diffie_hellman(crypto::KeId::curve_25519, m_rng).value();
        if (m_sa.ni.empty())
            m_sa.ni = m_rng.bytes(32);
        m_proposals = ipsec::ike::engine::parse_proposals(crypto::Protocol::ike,
                                                          std::string("aes128-sha256-x25519"))
                          .value();
        wire::Header h;
        h.spi_i = m_sa.spi_i;
        h.exchange = wire::ExchangeType::ike_sa_init;
        h.initiator = true;
        std::vector<wire::Payload> p;
        for (const auto& e : extra)
            p.push_back(e);
        p.push_back(ipsec::ike::engine::sa_payload(m_proposals, {}));
        p.push_back(wire::KePayload{31, m_dh->public_value()});
        p.push_back(wire::NoncePayload{m_sa.ni});
        return plain_message(h, std::move(p));
    }

    // IKE_SA_INIT to the target; true when it answered with its keys and we
    // derived the IKE_SA's (answering one COOKIE on the way).
    bool open() {
        std::vector<wire::Payload> extra;
        for (int round = 0; round < 2; ++round) {
            Bytes request = init_request(extra);
            for (const auto& d : send_raw(request)) {
                auto m = wire::parse(d.bytes);
                if (!m || !m->header.response)
                    continue;
                if (const auto* c =
                        ipsec::ike::engine::find_notify(m->payloads, wire::NotifyType::cookie)) {
                    extra = {ipsec::ike::engine::make_notify(wire::NotifyType::cookie, c->data)};
                    continue;
                }
                return finish_init(request, *m, d.bytes);
            }
            if (extra.empty())
                return false;
        }
        return false;
    }

    // IKE_AUTH with a PSK as `id` (an IPv4 address identity); optionally with
    // a CHILD_SA's SA/TSi/TSr payloads (`child`). True when the target answered
    // with its own AUTH.
    bool authenticate(const std::string& psk, const std::vector<wire::Payload>& child = {}) {
        wire::IdiPayload idi{wire::IdType::ipv4_addr, address_bytes(m_self)};
        Bytes body(4 + idi.data.size(), 0);
        body[0] = static_cast<std::uint8_t>(idi.id_type);
        std::copy(idi.data.begin(), idi.data.end(), body.begin() + 4);
        auto octets = crypto::signed_octets(m_sa.suite->prf, m_sa.init_request, m_sa.nr,
                                            m_sa.keys.sk_pi, body);
        auto auth = crypto::psk_auth(m_sa.suite->prf, crypto::as_bytes(psk), octets.value());
        std::vector<wire::Payload> p{idi,
                                     wire::AuthPayload{wire::AuthMethod::shared_key_mic, *auth}};
        for (const auto& c : child)
            p.push_back(c);
        auto answer = exchange(wire::ExchangeType::ike_auth, std::move(p));
        return answer && ipsec::ike::engine::find_payload<wire::AuthPayload>(*answer);
    }

    // An encrypted request with the next message ID; the decrypted response
    // payloads, or nullopt when none came.
    std::optional<std::vector<wire::Payload>> exchange(wire::ExchangeType exchange,
                                                       std::vector<wire::Payload> payloads) {
        auto bytes = encrypted(exchange, m_next_id++, payloads);
        for (const auto& d : send_raw(bytes, 4500)) {
            Bytes b(d.bytes.begin() + (d.bytes.size() >= 4 ? 4 : 0), d.bytes.end());
            auto m = wire::parse(b);
            if (!m || !m->header.response)
                continue;
            auto inner = m_sa.unprotect(*m, b);
            if (inner && *inner)
                return **inner;
        }
        return std::nullopt;
    }

    // An SK message on the IKE_SA (without the non-ESP marker).
    Bytes encrypted(wire::ExchangeType exchange, std::uint32_t id,
                    const std::vector<wire::Payload>& payloads, bool response = false) {
        wire::Header h = m_sa.header(exchange, response, id);
        return m_sa.protect(h, payloads, m_rng).value();
    }

    std::uint32_t next_id() const { return m_next_id; }

private:
    static Bytes address_bytes(const Endpoint& e) {
        auto text = e.address.to_string();
        Bytes out;
        unsigned a, b, c, d;
        if (std::sscanf(text.c_str(), "%u.%u.%u.%u", &a, &b, &c, &d) == 4)
            out = {static_cast<std::uint8_t>(a), static_cast<std::uint8_t>(b),
                   static_cast<std::uint8_t>(c), static_cast<std::uint8_t>(d)};
        return out;
    }

    bool finish_init(const Bytes& request, const wire::Message& response, const Bytes& bytes) {
        const auto* sa_in = ipsec::ike::engine::find_payload<wire::SaPayload>(response.payloads);
        const auto* ke = ipsec::ike::engine::find_payload<wire::KePayload>(response.payloads);
        const auto* nonce = ipsec::ike::engine::find_payload<wire::NoncePayload>(response.payloads);
        if (!sa_in || !ke || !nonce || sa_in->proposals.size() != 1)
            return false;
        auto selected = ipsec::ike::engine::from_wire(sa_in->proposals[0]);
        if (!selected)
            return false;
        auto suite = crypto::ike_suite(*selected);
        auto g_ir = m_dh->shared_secret(ke->data);
        if (!suite || !g_ir)
            return false;
        m_sa.spi_r = response.header.spi_r;
        m_sa.nr = nonce->data;
        m_sa.init_request = request;
        m_sa.init_response = bytes;
        m_sa.proposal = *selected;
        Bytes spi_i(8), spi_r(8);
        for (int i = 0; i < 8; ++i) {
            spi_i[i] = static_cast<std::uint8_t>(m_sa.spi_i >> (56 - 8 * i));
            spi_r[i] = static_cast<std::uint8_t>(m_sa.spi_r >> (56 - 8 * i));
        }
        auto keys = crypto::derive_ike_sa(*suite, *g_ir, m_sa.ni, m_sa.nr, spi_i, spi_r);
        if (!keys)
            return false;
        auto ciphers = crypto::make_sk_ciphers(*suite, *keys, true);
        if (!ciphers)
            return false;
        m_sa.suite = *suite;
        m_sa.keys = std::move(*keys);
        m_sa.ciphers.emplace(std::move(*ciphers));
        m_next_id = 1;
        return true;
    }

    Endpoint m_self;
    Endpoint m_target;
    Deliver m_deliver;
    crypto::DeterministicRng m_rng;
    IkeSa m_sa;
    std::unique_ptr<crypto::DiffieHellman> m_dh;
    std::vector<crypto::Proposal> m_proposals;
    std::uint32_t m_next_id = 1;
};

} // namespace hostile

} // namespace ike_engine_test
