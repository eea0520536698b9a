// SPDX-License-Identifier: GPL-2.0-or-later
#include "tls13_pair.hpp"

#include <botan/auto_rng.h>
#include <botan/ecdsa.h>
#include <botan/ed25519.h>
#include <botan/rsa.h>
#include <botan/system_rng.h>
#include <botan/x509_ca.h>
#include <botan/x509self.h>

namespace tls13_test {

namespace {

std::shared_ptr<Botan::Private_Key> make_key(const std::string& algorithm) {
    auto& rng = Botan::system_rng();
    if (algorithm == "RSA")
        return std::make_shared<Botan::RSA_PrivateKey>(rng, 2048);
    if (algorithm == "ECDSA-384")
        return std::make_shared<Botan::ECDSA_PrivateKey>(rng, Botan::EC_Group("secp384r1"));
    if (algorithm == "Ed25519")
        return std::make_shared<Botan::Ed25519_PrivateKey>(rng);
    return std::make_shared<Botan::ECDSA_PrivateKey>(rng, Botan::EC_Group("secp256r1"));
}

Pki make_pki() {
    auto key = make_key("ECDSA-256");
    Botan::X509_Cert_Options opts("Test CA", 3650 * 24 * 3600);
    opts.CA_key();
    auto cert = Botan::X509::create_self_signed_cert(opts, *key, "SHA-256", Botan::system_rng());
    auto store = std::make_shared<Botan::Certificate_Store_In_Memory>();
    store->add_certificate(cert);
    return Pki{store, key, cert};
}

} // namespace

tls13::Identity Pki::leaf(const std::string& name, const std::string& algorithm) const {
    auto key = make_key(algorithm);
    Botan::X509_Cert_Options opts(name, 365 * 24 * 3600);
    opts.dns = name;
    auto req = Botan::X509::create_cert_req(opts, *key, "SHA-256", Botan::system_rng());
    Botan::X509_CA ca(ca_cert, *ca_key, "SHA-256", Botan::system_rng());
    const auto now = std::chrono::system_clock::now();
    auto cert =
        ca.sign_request(req, Botan::system_rng(), Botan::X509_Time(now - std::chrono::hours(1)),
                        Botan::X509_Time(now + std::chrono::hours(24 * 365)));
    return {{cert}, key};
}

const Pki& pki() {
    static const Pki p = make_pki();
    return p;
}

tls13::ClientConfig client_config(const std::string& host) {
    tls13::ClientConfig c;
    c.set_server_name(host);
    c.set_verifier(tls13::path_validator({pki().store}, host, Botan::Usage_Type::TLS_SERVER_AUTH));
    return c;
}

tls13::ServerConfig server_config(const std::string& algorithm) {
    static std::map<std::string, tls13::Identity> identities;
    if (!identities.count(algorithm))
        identities[algorithm] = pki().leaf("server.test", algorithm);
    tls13::ServerConfig s;
    s.set_identity(identities[algorithm]);
    return s;
}

Pair::Pair(tls13::ClientConfig c, tls13::ServerConfig s)
    : client(std::move(c), Botan::system_rng()), server(std::move(s), Botan::system_rng()) {}

void Pair::pump() {
    for (int round = 0; round < 50; ++round) {
        const auto to_server = client.take_output();
        const auto to_client = server.take_output();
        if (to_server.empty() && to_client.empty())
            break;
        if (!to_server.empty() && !server.failed() && server_result.ok())
            server_result = server.receive(to_server);
        if (!to_client.empty() && !client.failed() && client_result.ok())
            client_result = client.receive(to_client);
        for (auto& e : client.take_events())
            client_events.push_back(std::move(e));
        for (auto& e : server.take_events())
            server_events.push_back(std::move(e));
    }
}

bool Pair::handshake() {
    client_result = client.start();
    if (!client_result)
        return false;
    pump();
    return client_result.ok() && server_result.ok() && client.connected() && server.connected();
}

std::optional<tls13::Session> Pair::last_ticket() const {
    std::optional<tls13::Session> out;
    for (const auto& e : client_events)
        if (const auto* t = std::get_if<tls13::TicketReceived>(&e))
            out = t->session;
    return out;
}

static std::string collect(const std::vector<tls13::Event>& events) {
    std::string out;
    for (const auto& e : events)
        if (const auto* d = std::get_if<tls13::AppData>(&e))
            out.append(d->data.begin(), d->data.end());
    return out;
}

std::string Pair::client_data() const {
    return collect(client_events);
}

std::string Pair::server_data() const {
    return collect(server_events);
}

} // namespace tls13_test
