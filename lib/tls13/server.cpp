// SPDX-License-Identifier: GPL-2.0-or-later
// The server's ClientHello processing (RFC 8446 sections 4.1.1, 4.1.4, 4.2):
// version, suite, group and HelloRetryRequest, signature scheme, PSK and 0-RTT.
#include "tls13/server.hpp"

#include "tls13/signature.hpp"

#include <algorithm>
#include <botan/hash.h>
#include <botan/rng.h>
#include <stdexcept>

namespace tls13 {

namespace {

template <typename T>
bool contains(const std::vector<T>& v, const T& x) {
    return std::find(v.begin(), v.end(), x) != v.end();
}

bool allowed(ServerState from, ServerState to) {
    using S = ServerState;
    switch (from) {
    case S::wait_client_hello:
        return to == S::wait_second_client_hello || to == S::wait_end_of_early_data ||
               to == S::wait_client_certificate || to == S::wait_client_finished;
    case S::wait_second_client_hello:
        return to == S::wait_client_certificate || to == S::wait_client_finished;
    case S::wait_end_of_early_data:
        return to == S::wait_client_finished;
    case S::wait_client_certificate:
        return to == S::wait_client_certificate_verify || to == S::wait_client_finished;
    case S::wait_client_certificate_verify:
        return to == S::wait_client_finished;
    case S::wait_client_finished:
        return to == S::connected;
    case S::connected:
        return false;
    }
    return false;
}

// 0-RTT freshness window (RFC 8446 section 8.3): the client's idea of the
// ticket age and ours may differ by this much.
constexpr int64_t kAgeWindowMs = 10000;

} // namespace

Server::Server(ServerConfig config, Botan::RandomNumberGenerator& rng)
    : Engine(rng), m_config(std::move(config)) {}

Server::~Server() = default;

void Server::transition(ServerState to) {
    if (!allowed(m_state, to))
        throw std::logic_error("TLS server: transition " + state_name(m_state) + " -> " +
                               state_name(to) + " is not allowed");
    m_state = to;
}

ipsec::Result<void> Server::on_handshake_message(const HandshakeMessage& msg) {
    using S = ServerState;
    using H = HandshakeType;
    if (m_state != S::wait_client_hello && m_state != S::wait_second_client_hello)
        m_skip_early = false; // the client's flight decrypts: no more 0-RTT to skip
    switch (m_state) {
    case S::wait_client_hello:
    case S::wait_second_client_hello:
        if (msg.type == H::client_hello)
            return on_client_hello(msg);
        break;
    case S::wait_end_of_early_data:
        if (msg.type == H::end_of_early_data)
            return on_end_of_early_data(msg);
        break;
    case S::wait_client_certificate:
        if (msg.type == H::certificate)
            return on_client_certificate(msg);
        break;
    case S::wait_client_certificate_verify:
        if (msg.type == H::certificate_verify)
            return on_client_certificate_verify(msg);
        break;
    case S::wait_client_finished:
        if (msg.type == H::finished)
            return on_client_finished(msg);
        break;
    case S::connected:
        if (msg.type == H::key_update)
            return handle_key_update(msg);
        break;
    }
    return tls_error(Alert::unexpected_message,
                     handshake_name(msg.type) + " in server state " + state_name(m_state));
}

bool Server::skip_undecryptable(const RawRecord& rec) {
    // RFC 8446 section 4.2.10: rejected 0-RTT data is skipped, up to a limit.
    if (!m_skip_early || rec.type != ContentType::application_data)
        return false;
    m_skipped_early += rec.fragment.size();
    return m_skipped_early <= 4 * kMaxCiphertext + m_config.max_early_data();
}

ipsec::Result<void> Server::on_client_hello(const HandshakeMessage& msg) {
    auto ch = parse_client_hello(msg.body());
    if (!ch)
        return ch.error();
    if (!contains(ch->supported_versions, kTls13))
        return tls_error(Alert::protocol_version, "the client does not offer TLS 1.3");
    if (m_hello_retried && ch->session_id != m_session_id)
        return tls_error(Alert::illegal_parameter, "the second ClientHello changes the session id");
    // RFC 8446 section 4.2.2: the cookie of the HelloRetryRequest comes back.
    if (m_hello_retried && !m_cookie.empty() && ch->cookie != m_cookie)
        return tls_error(ch->cookie ? Alert::illegal_parameter : Alert::missing_extension,
                         "the second ClientHello does not echo the cookie");
    m_session_id = ch->session_id;
    if (!m_hello_retried)
        set_client_random(ch->random);
    else if (ch->random != client_random())
        return tls_error(Alert::illegal_parameter, "the second ClientHello changes the random");
    const auto suite =
        std::find_first_of(m_config.cipher_suites().begin(), m_config.cipher_suites().end(),
                           ch->cipher_suites.begin(), ch->cipher_suites.end());
    if (suite == m_config.cipher_suites().end())
        return tls_error(Alert::handshake_failure, "no TLS 1.3 cipher suite in common");
    if (m_hello_retried && *suite != cipher_suite()->id)
        return tls_error(Alert::illegal_parameter,
                         "the second ClientHello changes the cipher suite");
    if (!cipher_suite())
        set_suite(*find_cipher_suite(*suite));
    if (!ch->has_key_share || ch->groups.empty())
        return tls_error(Alert::missing_extension,
                         "ClientHello without key_share or supported_groups");
    const KeyShareEntry* share = nullptr;
    for (const auto& s : ch->key_shares)
        if (contains(m_config.groups(), s.group) &&
            (!m_hello_retried || s.group == m_retry_group)) {
            share = &s;
            break;
        }
    if (!share) {
        if (m_hello_retried)
            return tls_error(Alert::illegal_parameter,
                             "the second ClientHello lacks the requested key share");
        const auto group = std::find_first_of(m_config.groups().begin(), m_config.groups().end(),
                                              ch->groups.begin(), ch->groups.end());
        if (group == m_config.groups().end())
            return tls_error(Alert::handshake_failure, "no key exchange group in common");
        m_skip_early = ch->early_data;
        return send_hello_retry(msg, *group, true);
    }
    if (!m_hello_retried && m_config.require_cookie()) {
        m_skip_early = ch->early_data;
        return send_hello_retry(msg, share->group, false);
    }
    auto psk = accept_psk(*ch, msg);
    if (!psk)
        return psk.error();
    if (!*psk) {
        if (ch->signature_schemes.empty())
            return tls_error(Alert::missing_extension, "ClientHello without signature_algorithms");
        for (uint16_t s : schemes_for_key(*m_config.identity().key))
            if (contains(ch->signature_schemes, s)) {
                m_scheme = s;
                break;
            }
        if (!m_scheme)
            return tls_error(Alert::handshake_failure,
                             "the client accepts no signature scheme of the server's key");
    }
    m_server_name = ch->server_name;
    m_client_hello = *ch;
    if (!m_config.alpn().empty() && !ch->alpn.empty()) {
        for (const auto& p : m_config.alpn())
            if (contains(ch->alpn, p)) {
                set_alpn(p);
                break;
            }
        if (!alpn()) // RFC 7301 section 3.2
            return tls_error(Alert::no_application_protocol, "no ALPN protocol in common");
    }
    add_transcript(msg.bytes);
    return send_server_flight(*ch, *share);
}

ipsec::Result<void> Server::send_hello_retry(const HandshakeMessage& msg, uint16_t group,
                                             bool ask_share) {
    m_hello_retried = true;
    m_retry_group = group;
    add_transcript(msg.bytes);
    replace_transcript_with_hash();
    ServerHello hrr;
    hrr.random = hello_retry_random();
    hrr.session_id = m_session_id;
    hrr.cipher_suite = cipher_suite()->id;
    hrr.selected_version = kTls13;
    if (ask_share)
        hrr.hrr_group = group;
    if (m_config.require_cookie()) {
        m_cookie = random_bytes(32);
        hrr.cookie = m_cookie;
    }
    send_handshake(serialize(hrr));
    send_change_cipher_spec();
    transition(ServerState::wait_second_client_hello);
    return ipsec::success();
}

// RFC 8446 sections 4.2.11 and 8: the first identity only, when it is our
// ticket, fresh, for this suite's hash, and its binder verifies. 0-RTT also
// needs the ticket's first use, the same suite and ALPN, and no retry.
ipsec::Result<bool> Server::accept_psk(const ClientHello& ch, const HandshakeMessage& msg) {
    if (ch.psk_identities.empty() || !m_config.sealer() || !contains(ch.psk_modes, uint8_t{1}))
        return false;
    auto state = m_config.sealer()->open(ch.psk_identities.front().identity);
    if (!state)
        return false;
    const int64_t now = m_config.now_ms();
    const int64_t server_age = now - state->created_ms;
    if (server_age < 0 || server_age > int64_t{state->lifetime} * 1000)
        return false;
    const auto ticket_suite = find_cipher_suite(state->cipher_suite);
    if (!ticket_suite || std::string(ticket_suite->hash) != cipher_suite()->hash)
        return false;
    Bytes partial = transcript();
    partial.insert(partial.end(), msg.bytes.begin(),
                   msg.bytes.end() - static_cast<std::ptrdiff_t>(binders_size(ch)));
    KeySchedule ks(*ticket_suite);
    ks.start(state->psk);
    const Bytes expected =
        ks.finished_verify_data(ks.binder_key(true), hash_of(ticket_suite->hash, partial));
    const Bytes& binder = ch.psk_binders.front();
    if (binder.size() != expected.size() ||
        !Botan::constant_time_compare(binder.data(), expected.data(), expected.size()))
        return tls_error(Alert::decrypt_error, "the PSK binder does not verify");
    const bool first_use = m_config.sealer()->first_use(ch.psk_identities.front().identity);
    const int64_t client_age =
        static_cast<uint32_t>(ch.psk_identities.front().obfuscated_age - state->age_add);
    m_early_accepted = ch.early_data && first_use && !m_hello_retried &&
                       state->max_early_data > 0 && m_config.max_early_data() > 0 &&
                       state->cipher_suite == cipher_suite()->id &&
                       std::abs(client_age - server_age) < kAgeWindowMs;
    m_ticket = std::move(*state);
    set_resumed(true);
    return true;
}

} // namespace tls13
