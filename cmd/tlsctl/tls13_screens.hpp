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
// Signature schemes as openssl names them ("ECDSA+SHA256:RSA-PSS+SHA256:ed25519").
std::string sigalg_list(const std::vector<uint16_t>& schemes);
// NSS key log line: "LABEL <client random hex> <secret hex>"
std::string keylog_line(const tls13::SecretDerived& secret);

} // namespace tlsctl
