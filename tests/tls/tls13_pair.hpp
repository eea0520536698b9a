// SPDX-License-Identifier: GPL-2.0-or-later
// Test support for the TLS 1.3 engines: a small PKI made with Botan (a CA and
// leaf certificates with RSA, ECDSA P-256/P-384 or Ed25519 keys), and a
// client and a server that talk to each other in memory.
#pragma once

#include "tls13/client.hpp"
#include "tls13/server.hpp"

#include <botan/certstor.h>
#include <memory>
#include <string>

namespace tls13_test {

struct Pki {
    std::shared_ptr<Botan::Certificate_Store_In_Memory> store;
    std::shared_ptr<Botan::Private_Key> ca_key;
    Botan::X509_Certificate ca_cert;
    // A leaf for name signed by the CA, key algorithm "RSA", "ECDSA-256",
    // "ECDSA-384" or "Ed25519".
    tls13::Identity leaf(const std::string& name, const std::string& algorithm) const;
};

// A CA with an ECDSA P-256 key, made once per process.
const Pki& pki();

tls13::ClientConfig client_config(const std::string& host = "server.test");
tls13::ServerConfig server_config(const std::string& algorithm = "ECDSA-256");

// Runs bytes back and forth until neither side has anything to say.
struct Pair {
    tls13::Client client;
    tls13::Server server;
    std::vector<tls13::Event> client_events;
    std::vector<tls13::Event> server_events;
    ipsec::Result<void> client_result;
    ipsec::Result<void> server_result;

    Pair(tls13::ClientConfig c, tls13::ServerConfig s);
    // Starts the client and exchanges until quiet; false when a side failed.
    bool handshake();
    void pump();
    std::optional<tls13::Session> last_ticket() const;
    std::string client_data() const;
    std::string server_data() const;
};

} // namespace tls13_test
