// SPDX-License-Identifier: GPL-2.0-or-later
#include "tls_endpoint.hpp"

#include "signer_pool.hpp"
#include "socket_io.hpp"
#include "subject.hpp"

#include <botan/pkix_types.h>
#include <botan/tls_messages.h>
#include <cerrno>
#include <cstdio>
#include <poll.h>
#include <stdexcept>
#include <unistd.h>

namespace tlsctl {

using Botan::TLS::Handshake_Type;

TlsEndpoint::TlsEndpoint(int fd, Botan::TLS::Connection_Side side, bool trace)
    : m_fd(fd), m_side(side), m_trace(trace) {}

void TlsEndpoint::trace_start() {
    trace("before SSL initialization", false);
}

void TlsEndpoint::trace_raw(const std::string& line) const {
    if (m_trace)
        std::fprintf(stderr, "%s\n", line.c_str());
}

void TlsEndpoint::trace(const char* what, bool sent) {
    if (!m_trace)
        return;
    flush_pending_trace();
    const char* prefix = m_side == Botan::TLS::CLIENT ? "SSL_connect" : "SSL_accept";
    std::fprintf(stderr, "%s:%s%s\n", prefix,
                 std::string(what).rfind("before", 0) == 0
                     ? ""
                     : (sent ? "SSLv3/TLS write " : "SSLv3/TLS read "),
                 what);
}

void TlsEndpoint::flush_pending_trace() {
    if (m_pending_trace.empty())
        return;
    std::fprintf(stderr, "%s\n", m_pending_trace.c_str());
    m_pending_trace.clear();
}

bool TlsEndpoint::flush() {
    if (m_out.empty())
        return true;
    const bool ok = send_all(m_fd, reinterpret_cast<const uint8_t*>(m_out.data()), m_out.size());
    m_bytes_written += m_out.size();
    m_out.clear();
    return ok;
}

void TlsEndpoint::complete_handshake(Botan::TLS::Channel& channel) {
    const bool client = m_side == Botan::TLS::CLIENT;
    const std::string closed = std::string("the ") + (client ? "server" : "client") +
                               " closed the connection during the handshake";
    while (!channel.is_active()) {
        if (channel.is_closed())
            throw std::runtime_error(closed);
        const long n = pump(channel, 30000);
        if (n == 0)
            throw std::runtime_error(closed);
        if (n < 0)
            throw std::runtime_error(client ? "no answer from the server (30 s)"
                                            : "no data from the client (30 s)");
    }
}

long TlsEndpoint::pump(Botan::TLS::Channel& channel, int timeout_ms) {
    pollfd p{m_fd, POLLIN, 0};
    int rc;
    do {
        rc = ::poll(&p, 1, timeout_ms);
    } while (rc < 0 && errno == EINTR);
    if (rc <= 0)
        return -1;
    uint8_t buf[16384];
    ssize_t n;
    do {
        n = ::read(m_fd, buf, sizeof buf);
    } while (n < 0 && errno == EINTR);
    if (n < 0)
        return -1;
    if (n == 0)
        return 0;
    m_bytes_read += static_cast<uint64_t>(n);
    try {
        channel.received_data(buf, static_cast<size_t>(n));
    } catch (...) {
        flush(); // the fatal alert Botan queued
        throw;
    }
    flush();
    return n;
}

void TlsEndpoint::tls_emit_data(const uint8_t data[], size_t size) {
    m_out.append(reinterpret_cast<const char*>(data), size);
}

void TlsEndpoint::tls_record_received(uint64_t /*seq_no*/, const uint8_t data[], size_t size) {
    m_app_in.append(reinterpret_cast<const char*>(data), size);
}

void TlsEndpoint::tls_alert(Botan::TLS::Alert alert) {
    m_alert = alert;
    if (alert.type() == Botan::TLS::Alert::CLOSE_NOTIFY)
        m_peer_closed = true;
    if (m_trace)
        std::fprintf(stderr, "SSL3 alert read:%s:%s\n", alert.is_fatal() ? "fatal" : "warning",
                     alert.type_string() == "close_notify" ? "close notify"
                                                           : alert.type_string().c_str());
}

bool TlsEndpoint::tls_session_established(const Botan::TLS::Session& session) {
    m_session = session;
    m_established_resumed = !m_full_handshake;
    return true;
}

void TlsEndpoint::on_handshake_message(const Botan::TLS::Handshake_Message& /*message*/,
                                       bool /*sent*/) {}

void TlsEndpoint::tls_inspect_handshake_msg(const Botan::TLS::Handshake_Message& message) {
    const bool client = m_side == Botan::TLS::CLIENT;
    bool sent = false;
    switch (message.type()) {
    case Handshake_Type::CLIENT_HELLO:
        sent = client;
        // a new handshake on this connection (renegotiation) starts over
        m_saw_hello_done = false;
        m_full_handshake = false;
        m_finished_seen = 0;
        if (!client)
            m_offered_suites =
                dynamic_cast<const Botan::TLS::Client_Hello&>(message).ciphersuites();
        trace(client ? "client hello" : "client hello", sent);
        break;
    case Handshake_Type::SERVER_HELLO:
        sent = !client;
        trace("server hello", sent);
        break;
    case Handshake_Type::CERTIFICATE: {
        sent = client ? m_saw_hello_done : !m_saw_hello_done;
        const auto& chain = dynamic_cast<const Botan::TLS::Certificate&>(message).cert_chain();
        if (!sent) {
            m_peer_cert_msg = true;
            m_peer_cert_count = chain.size();
        }
        if (client && !sent) {
            m_full_handshake = true;
            m_server_cert_seen = true;
            if (m_trace) {
                flush_pending_trace();
                m_pending_trace = "SSL_connect:SSLv3/TLS read server certificate";
            }
        } else {
            trace(client ? "client certificate" : (sent ? "certificate" : "client certificate"),
                  sent);
        }
        if (!client && sent)
            m_full_handshake = true;
        break;
    }
    case Handshake_Type::SERVER_KEX:
        sent = !client;
        m_full_handshake = true;
        trace(client ? "server key exchange" : "key exchange", sent);
        break;
    case Handshake_Type::CERTIFICATE_REQUEST: {
        sent = !client;
        m_cert_requested = true;
        for (const auto& dn :
             dynamic_cast<const Botan::TLS::Certificate_Req&>(message).acceptable_CAs())
            m_requested_cas.push_back(format_dn_oneline(dn));
        trace(client ? "server certificate request" : "certificate request", sent);
        break;
    }
    case Handshake_Type::SERVER_HELLO_DONE:
        sent = !client;
        m_saw_hello_done = true;
        m_full_handshake = true;
        trace(client ? "server done" : "server done", sent);
        break;
    case Handshake_Type::CLIENT_KEX:
        sent = client;
        trace("client key exchange", sent);
        break;
    case Handshake_Type::CERTIFICATE_VERIFY:
        sent = client;
        trace("certificate verify", sent);
        break;
    case Handshake_Type::NEW_SESSION_TICKET:
        sent = !client;
        m_ticket_lifetime =
            dynamic_cast<const Botan::TLS::New_Session_Ticket&>(message).ticket_lifetime_hint();
        trace(client ? "server session ticket" : "session ticket", sent);
        break;
    case Handshake_Type::FINISHED: {
        // Full handshake: the client's Finished comes first; resumed: the server's.
        const bool client_first = m_full_handshake;
        const bool this_is_clients = (m_finished_seen == 0) == client_first;
        sent = this_is_clients == client;
        ++m_finished_seen;
        trace("change cipher spec", sent);
        trace("finished", sent);
        break;
    }
    default:
        break;
    }
    on_handshake_message(message, sent);
}

std::vector<uint8_t> TlsEndpoint::tls_sign_message(const Botan::Private_Key& key,
                                                   Botan::RandomNumberGenerator& rng,
                                                   const std::string& emsa,
                                                   Botan::Signature_Format format,
                                                   const std::vector<uint8_t>& msg) {
    return SignerPool::instance().sign(key, rng, emsa, format, msg);
}

bool TlsEndpoint::tls_verify_message(const Botan::Public_Key& key, const std::string& emsa,
                                     Botan::Signature_Format format,
                                     const std::vector<uint8_t>& msg,
                                     const std::vector<uint8_t>& sig) {
    // "EMSA4(SHA-256,MGF1,32)" RSA-PSS, "EMSA3(SHA-256)" PKCS#1, "EMSA1(SHA-256)" ECDSA
    const auto open = emsa.find('(');
    std::string hash = open == std::string::npos
                           ? std::string()
                           : emsa.substr(open + 1, emsa.find_first_of(",)", open) - open - 1);
    std::erase(hash, '-');
    m_peer_sig_digest = hash;
    if (emsa.rfind("EMSA4", 0) == 0 || emsa.rfind("PSSR", 0) == 0)
        m_peer_sig_type = "RSA-PSS";
    else if (key.algo_name() == "ECDSA")
        m_peer_sig_type = "ECDSA";
    else
        m_peer_sig_type = key.algo_name();
    return Botan::TLS::Callbacks::tls_verify_message(key, emsa, format, msg, sig);
}

std::pair<Botan::secure_vector<uint8_t>, std::vector<uint8_t>> TlsEndpoint::tls_ecdh_agree(
    const std::string& curve_name, const std::vector<uint8_t>& peer_public_value,
    const Botan::TLS::Policy& policy, Botan::RandomNumberGenerator& rng, bool compressed) {
    if (curve_name == "x25519")
        m_temp_key = "X25519, 253 bits";
    else if (curve_name == "secp256r1")
        m_temp_key = "ECDH, prime256v1, 256 bits";
    else if (curve_name == "secp384r1")
        m_temp_key = "ECDH, secp384r1, 384 bits";
    else if (curve_name == "secp521r1")
        m_temp_key = "ECDH, secp521r1, 521 bits";
    else
        m_temp_key = "ECDH, " + curve_name;
    return Botan::TLS::Callbacks::tls_ecdh_agree(curve_name, peer_public_value, policy, rng,
                                                 compressed);
}

std::pair<Botan::secure_vector<uint8_t>, std::vector<uint8_t>>
TlsEndpoint::tls_dh_agree(const std::vector<uint8_t>& modulus,
                          const std::vector<uint8_t>& generator,
                          const std::vector<uint8_t>& peer_public_value,
                          const Botan::TLS::Policy& policy, Botan::RandomNumberGenerator& rng) {
    m_temp_key = "DH, " + std::to_string(modulus.size() * 8) + " bits";
    return Botan::TLS::Callbacks::tls_dh_agree(modulus, generator, peer_public_value, policy, rng);
}

} // namespace tlsctl
