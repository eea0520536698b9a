// SPDX-License-Identifier: GPL-2.0-or-later
// What a TLS 1.3 engine gives out besides bytes: events for the application.
#pragma once

#include "tls13/protocol.hpp"
#include "tls13/session.hpp"
#include "tls13/wire.hpp"

#include <string>
#include <variant>

namespace tls13 {

// The handshake finished; the connection carries application data.
struct HandshakeDone {};
// Application data from the peer (early_data says it came as 0-RTT data).
struct AppData {
    Bytes data;
    bool early_data = false;
};
// A NewSessionTicket arrived (client): the session to resume later.
struct TicketReceived {
    Session session;
};
// The peer sent an alert; a fatal one or close_notify ends reading.
struct AlertReceived {
    Alert alert;
    bool fatal;
};
// A traffic secret, for the NSS key log ("CLIENT_HANDSHAKE_TRAFFIC_SECRET").
struct SecretDerived {
    std::string label;
    Bytes client_random;
    Bytes secret;
};
// A handshake message sent or received (the -msg and -state traces).
struct MessageTrace {
    bool sent;
    HandshakeType type;
    size_t length; // with the 4-byte header
};
// A change_cipher_spec record went out (middlebox compatibility, RFC 8446
// appendix D.4): the -state trace shows it.
struct ChangeCipherSpecSent {};
// The keys of one direction changed by a KeyUpdate.
struct KeysUpdated {
    bool sending;
};

using Event = std::variant<HandshakeDone, AppData, TicketReceived, AlertReceived, SecretDerived,
                           MessageTrace, ChangeCipherSpecSent, KeysUpdated>;

} // namespace tls13
