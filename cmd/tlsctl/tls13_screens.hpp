// SPDX-License-Identifier: GPL-2.0-or-later
// openssl 3.0's screens for TLS 1.3 connections: the SSL-Session block of a
// ticket ("Resumption PSK", "Max Early Data"), "Server Temp Key", the -state
// lines and the -msg lines of each handshake message.
#pragma once

#include "tls13/engine.hpp"
#include "tls13/session.hpp"

#include <string>
#include <vector>

namespace tlsctl {

// "X25519, 253 bits" / "ECDH, prime256v1, 256 bits"
std::string temp_key_text(uint16_t group);
// The "SSL-Session:" block of a TLS 1.3 session (openssl's Session-ID of a
// ticket is the SHA-256 of the ticket).
std::string tls13_session_block(const tls13::Session& session, int verify_code,
                                const std::string& verify_text);
// "SSL_connect:SSLv3/TLS read server hello" (prefix "SSL_connect" or "SSL_accept").
std::string state_line(const std::string& prefix, const tls13::MessageTrace& trace);
// ">>> TLS 1.3, Handshake [length 00b1], ClientHello"
std::string msg_line(const tls13::MessageTrace& trace);
// The client's suites this server has (suites13, and suites12 when it also
// speaks TLS 1.2), by openssl's names, in the client's order.
std::vector<std::string> shared_cipher_names(const tls13::ClientHello& ch,
                                             const std::vector<uint16_t>& suites13,
                                             const std::vector<uint16_t>& suites12);
// What openssl's server prints of a client's offer: its signature algorithms
// and groups, offered and shared, and with peer_scheme (a client certificate)
// the client's signature.
std::string client_offer_lines(const tls13::ClientHello& ch, uint16_t peer_scheme);
// The client indicated secure renegotiation (the extension or the SCSV).
bool offers_secure_renegotiation(const tls13::ClientHello& ch);
// Signature schemes as openssl names them ("ECDSA+SHA256:RSA-PSS+SHA256:ed25519").
std::string sigalg_list(const std::vector<uint16_t>& schemes);
// NSS key log line: "LABEL <client random hex> <secret hex>"
std::string keylog_line(const tls13::SecretDerived& secret);

} // namespace tlsctl
