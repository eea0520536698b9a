// SPDX-License-Identifier: GPL-2.0-or-later
// The client handshake (RFC 8446 sections 2, 4.1 to 4.6, client side).
#include "tls13/client.hpp"

#include "tls13/signature.hpp"

#include <algorithm>
#include <botan/rng.h>
#include <stdexcept>

namespace tls13 {

namespace {

template <typename T>
bool contains(const std::vector<T>& v, const T& x) {
    return std::find(v.begin(), v.end(), x) != v.end();
}

// Allowed transitions (RFC 8446 appendix A.1).
bool allowed(ClientState from, ClientState to) {
    using S = ClientState;
    switch (from) {
    case S::start:
        return to == S::wait_server_hello;
    case S::wait_server_hello:
        return to == S::wait_server_hello || to == S::wait_encrypted_extensions;
    case S::wait_encrypted_extensions:
        return to == S::wait_certificate_or_request || to == S::wait_finished;
    case S::wait_certificate_or_request:
        return to == S::wait_certificate || to == S::wait_certificate_verify;
    case S::wait_certificate:
        return to == S::wait_certificate_verify;
    case S::wait_certificate_verify:
        return to == S::wait_finished;
    case S::wait_finished:
        return to == S::connected;
    case S::connected:
        return false;
    }
    return false;
}

} // namespace

Client::Client(ClientConfig config, Botan::RandomNumberGenerator& rng)
    : Engine(rng), m_config(std::move(config)) {}

Client::~Client() = default;

void Client::transition(ClientState to) {
    if (!allowed(m_state, to))
        throw std::logic_error("TLS client: transition " + state_name(m_state) + " -> " +
                               state_name(to) + " is not allowed");
    m_state = to;
}

ipsec::Result<void> Client::start() {
    if (m_state != ClientState::start)
        return ipsec::Error::plain("the client has already started");
    if (auto v = m_config.validate(); !v)
        return v;
    m_hello.random = random_bytes(32);
    // Middlebox compatibility mode (RFC 8446 appendix D.4): a 32-byte session id.
    m_hello.session_id = random_bytes(32);
    set_client_random(m_hello.random);
    m_hello.cipher_suites = m_config.cipher_suites();
    if (!m_config.server_name().empty())
        m_hello.server_name = m_config.server_name();
    m_hello.supported_versions = {kTls13};
    if (m_config.offer_tls12()) {
        m_hello.supported_versions.push_back(kTls12);
        // A TLS 1.2-only server needs a 1.2 suite to answer at all; its
        // ServerHello then sends the caller to its TLS 1.2 stack.
        const auto& suites12 =
            m_config.tls12_suites().empty() ? tls12_fallback_suites() : m_config.tls12_suites();
        for (uint16_t s : suites12)
            if (!find_cipher_suite(s))
                m_hello.cipher_suites.push_back(s);
    }
    m_hello.groups = m_config.groups();
    m_hello.signature_schemes = supported_signature_schemes();
    m_hello.has_key_share = true;
    for (uint16_t g : m_config.key_share_groups()) {
        auto share = KeyShare::generate(g, rng());
        if (!share)
            return share.error();
        m_hello.key_shares.push_back({g, (*share)->public_value()});
        m_shares.push_back(std::move(*share));
    }
    m_hello.alpn = m_config.alpn();
    const auto& session = m_config.session();
    if (session && contains(m_hello.cipher_suites, session->cipher_suite)) {
        m_psk_offered = true;
        m_hello.psk_modes = {1}; // psk_dhe_ke
        m_hello.early_data = !m_config.early_data().empty() && session->max_early_data > 0;
    }
    transition(ClientState::wait_server_hello);
    return send_client_hello();
}

ipsec::Result<void> Client::add_binder(ClientHello& ch, Bytes& wire) {
    const Session& s = *m_config.session();
    const CipherSuite suite = *find_cipher_suite(s.cipher_suite);
    const uint32_t age = static_cast<uint32_t>(m_config.now_ms() - s.received_ms);
    ch.psk_identities = {{s.ticket, age + s.age_add}};
    ch.psk_binders = {Bytes(suite.hash_len, 0)};
    wire = serialize(ch);
    // RFC 8446 section 4.2.11.2: the binder covers the transcript up to and
    // including the ClientHello without its binders list.
    Bytes partial = transcript();
    partial.insert(partial.end(), wire.begin(),
                   wire.end() - static_cast<std::ptrdiff_t>(binders_size(ch)));
    KeySchedule ks(suite);
    ks.start(s.psk);
    ch.psk_binders = {ks.finished_verify_data(ks.binder_key(true), hash_of(suite.hash, partial))};
    m_early_secret = ks.early_secret();
    wire = serialize(ch);
    return ipsec::success();
}

ipsec::Result<void> Client::send_client_hello() {
    Bytes wire;
    if (m_psk_offered) {
        if (auto r = add_binder(m_hello, wire); !r)
            return r;
    } else {
        wire = serialize(m_hello);
    }
    send_handshake(wire);
    if (!m_hello.early_data || m_hello_retried)
        return ipsec::success();
    // 0-RTT (RFC 8446 section 4.2.10): under client_early_traffic_secret.
    const Session& s = *m_config.session();
    set_suite(*find_cipher_suite(s.cipher_suite));
    schedule().start(s.psk);
    const Bytes secret = schedule().client_early_traffic_secret(transcript_hash());
    log_secret("CLIENT_EARLY_TRAFFIC_SECRET", secret);
    send_change_cipher_spec();
    set_write_secret(secret, false);
    const Bytes& data = m_config.early_data();
    const size_t n = std::min<size_t>(data.size(), s.max_early_data);
    for (size_t off = 0; off < n; off += kMaxPlaintext)
        send_early_record(ByteView(data).subspan(off, std::min(kMaxPlaintext, n - off)));
    m_early_sent = true;
    return ipsec::success();
}

} // namespace tls13
