// SPDX-License-Identifier: GPL-2.0-or-later
#include "tls13/ticket_sealer.hpp"

#include "tls13/key_schedule.hpp"

#include <botan/aead.h>
#include <botan/rng.h>

namespace tls13 {

namespace {

constexpr size_t kNonce = 12;
// A bounded register: when full, an arbitrary entry is dropped (that ticket
// could then be presented once more), so memory stays capped.
constexpr size_t kMaxUsed = 100000;

} // namespace

TicketSealer::TicketSealer(Botan::RandomNumberGenerator& rng) : m_key(32) {
    rng.randomize(m_key.data(), m_key.size());
}

Bytes TicketSealer::seal(const TicketState& s, Botan::RandomNumberGenerator& rng) const {
    Writer w;
    w.u16(s.cipher_suite);
    w.opaque(1, s.psk);
    w.u32(static_cast<uint32_t>(static_cast<uint64_t>(s.created_ms) >> 32));
    w.u32(static_cast<uint32_t>(s.created_ms));
    w.u32(s.age_add);
    w.u32(s.lifetime);
    w.u32(s.max_early_data);
    w.opaque(1, ByteView(reinterpret_cast<const uint8_t*>(s.alpn.data()), s.alpn.size()));
    Bytes nonce(kNonce);
    rng.randomize(nonce.data(), nonce.size());
    auto aead = Botan::AEAD_Mode::create_or_throw("AES-256/GCM", Botan::ENCRYPTION);
    aead->set_key(m_key.data(), m_key.size());
    aead->start(nonce.data(), nonce.size());
    Botan::secure_vector<uint8_t> buf(w.out().begin(), w.out().end());
    aead->finish(buf);
    nonce.insert(nonce.end(), buf.begin(), buf.end());
    return nonce;
}

std::optional<TicketState> TicketSealer::open(ByteView ticket) const {
    if (ticket.size() < kNonce + 16)
        return std::nullopt;
    try {
        auto aead = Botan::AEAD_Mode::create_or_throw("AES-256/GCM", Botan::DECRYPTION);
        aead->set_key(m_key.data(), m_key.size());
        aead->start(ticket.data(), kNonce);
        Botan::secure_vector<uint8_t> buf(ticket.begin() + kNonce, ticket.end());
        aead->finish(buf);
        Reader r(ByteView(buf.data(), buf.size()), "ticket");
        TicketState s;
        s.cipher_suite = r.u16();
        s.psk = r.opaque(1, "psk", 32, 64);
        const uint64_t hi = r.u32();
        s.created_ms = static_cast<int64_t>(hi << 32 | r.u32());
        s.age_add = r.u32();
        s.lifetime = r.u32();
        s.max_early_data = r.u32();
        Bytes alpn = r.opaque(1, "alpn", 0, 255);
        s.alpn.assign(alpn.begin(), alpn.end());
        r.expect_end();
        return s;
    } catch (const std::exception&) {
        return std::nullopt;
    }
}

bool TicketSealer::first_use(ByteView ticket) {
    Bytes id(ticket.begin(), ticket.begin() + std::min<size_t>(ticket.size(), kNonce));
    std::lock_guard lock(m_used_mutex);
    if (m_used.count(id))
        return false;
    if (m_used.size() >= kMaxUsed)
        m_used.erase(m_used.begin());
    m_used.insert(std::move(id));
    return true;
}

} // namespace tls13
