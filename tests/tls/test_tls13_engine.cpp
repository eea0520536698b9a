// SPDX-License-Identifier: GPL-2.0-or-later
// The TLS 1.3 client and server engines against each other, in memory: every
// suite and group, RSA-PSS/ECDSA/Ed25519 certificates, HelloRetryRequest,
// client authentication, ALPN, KeyUpdate both ways, tickets, resumption and
// 0-RTT with single-use tickets.
#include "tls13/signature.hpp"
#include "tls13_pair.hpp"

#include <botan/system_rng.h>
#include <catch2/catch.hpp>

using namespace tls13;
using namespace tls13_test;

namespace {

ByteView text(const std::string& s) {
    return ByteView(reinterpret_cast<const uint8_t*>(s.data()), s.size());
}

bool has_alert(const std::vector<Event>& events, Alert alert) {
    for (const auto& e : events)
        if (const auto* a = std::get_if<AlertReceived>(&e); a && a->alert == alert)
            return true;
    return false;
}

} // namespace

TEST_CASE("engine: every suite x group x certificate type", "[tls13][engine]") {
    for (const std::string algo : {"ECDSA-256", "ECDSA-384", "Ed25519", "RSA"}) {
        for (const auto& suite : all_cipher_suites()) {
            for (uint16_t group : {0x001d, 0x0017, 0x0018}) {
                auto c = client_config();
                c.set_cipher_suites({suite.id}).set_groups({group}, {group});
                Pair p(c, server_config(algo));
                INFO(algo << " " << suite.name << " group " << group);
                REQUIRE(p.handshake());
                CHECK(p.client.cipher_suite()->id == suite.id);
                CHECK(p.client.group() == group);
                CHECK_FALSE(p.client.hello_retried());
                CHECK(p.server.connected());
                REQUIRE(p.client.send(text("ping")).ok());
                REQUIRE(p.server.send(text("pong")).ok());
                p.pump();
                CHECK(p.server_data() == "ping");
                CHECK(p.client_data() == "pong");
            }
            if (algo != "ECDSA-256")
                break; // the other key types once per suite is enough
        }
    }
}

TEST_CASE("engine: HelloRetryRequest when the server wants P-256", "[tls13][engine][hrr]") {
    auto s = server_config();
    s.set_groups({0x0017});
    Pair p(client_config(), s); // the client sends an x25519 share only
    REQUIRE(p.handshake());
    CHECK(p.client.hello_retried());
    CHECK(p.server.hello_retried());
    CHECK(p.client.group() == 0x0017);
}

TEST_CASE("engine: a cookie in the HelloRetryRequest comes back (RFC 8446 4.2.2)",
          "[tls13][engine][hrr]") {
    SECTION("the client's share will do: a retry with the cookie only") {
        auto s = server_config();
        s.set_require_cookie(true);
        Pair p(client_config(), s);
        REQUIRE(p.handshake());
        CHECK(p.client.hello_retried());
        CHECK(p.server.hello_retried());
        CHECK(p.client.group() == 0x001d);
    }
    SECTION("with a key share asked for too") {
        auto s = server_config();
        s.set_require_cookie(true).set_groups({0x0018});
        Pair p(client_config(), s);
        REQUIRE(p.handshake());
        CHECK(p.client.hello_retried());
        CHECK(p.client.group() == 0x0018);
    }
}

TEST_CASE("engine: no common group or suite fails with handshake_failure", "[tls13][engine]") {
    auto c = client_config();
    c.set_groups({0x001d}, {0x001d});
    auto s = server_config();
    s.set_groups({0x0018});
    Pair p(c, s);
    CHECK_FALSE(p.handshake());
    CHECK(error_alert(p.server_result.error()) == Alert::handshake_failure);
    CHECK(has_alert(p.client_events, Alert::handshake_failure));
}

TEST_CASE("engine: client authentication required, optional, absent", "[tls13][engine][auth]") {
    auto verifier = path_validator({pki().store}, "", Botan::Usage_Type::TLS_CLIENT_AUTH);
    const std::vector<Bytes> cas = {pki().ca_cert.raw_subject_dn()};
    {
        auto s = server_config();
        s.set_client_auth(ClientAuth::required, verifier, cas);
        auto c = client_config();
        c.set_identity(pki().leaf("client.test", "Ed25519"));
        Pair p(c, s);
        REQUIRE(p.handshake());
        CHECK(p.server.client_authenticated());
        CHECK(p.client.certificate_request()->authorities.size() == 1);
        CHECK(p.server.peer_signature_scheme() == 0x0807);
    }
    {
        auto s = server_config();
        s.set_client_auth(ClientAuth::required, verifier, cas);
        Pair p(client_config(), s);
        CHECK_FALSE(p.handshake());
        CHECK(error_alert(p.server_result.error()) == Alert::certificate_required);
        CHECK(has_alert(p.client_events, Alert::certificate_required));
    }
    {
        auto s = server_config();
        s.set_client_auth(ClientAuth::optional, verifier, cas);
        Pair p(client_config(), s);
        REQUIRE(p.handshake());
        CHECK_FALSE(p.server.client_authenticated());
    }
}

TEST_CASE("engine: wrong CA and wrong hostname are refused", "[tls13][engine][auth]") {
    auto other = std::make_shared<Botan::Certificate_Store_In_Memory>();
    auto c = client_config();
    c.set_verifier(path_validator({other}, "server.test", Botan::Usage_Type::TLS_SERVER_AUTH));
    Pair p(c, server_config());
    CHECK_FALSE(p.handshake());
    CHECK(error_alert(p.client_result.error()) == Alert::unknown_ca);
    CHECK(has_alert(p.server_events, Alert::unknown_ca));

    Pair q(client_config("other.test"), server_config());
    CHECK_FALSE(q.handshake());
    CHECK(error_alert(q.client_result.error()) == Alert::bad_certificate);
}

TEST_CASE("engine: ALPN", "[tls13][engine]") {
    auto c = client_config();
    c.set_alpn({"h2", "http/1.1"});
    auto s = server_config();
    s.set_alpn({"http/1.1"});
    Pair p(c, s);
    REQUIRE(p.handshake());
    CHECK(p.client.alpn() == std::string("http/1.1"));
    auto s2 = server_config();
    s2.set_alpn({"imap"});
    Pair q(c, s2);
    CHECK_FALSE(q.handshake());
    CHECK(error_alert(q.server_result.error()) == Alert::no_application_protocol);
}

TEST_CASE("engine: KeyUpdate both ways, with and without update_requested", "[tls13][engine]") {
    Pair p(client_config(), server_config());
    REQUIRE(p.handshake());
    REQUIRE(p.client.update_keys(true).ok());
    REQUIRE(p.client.send(text("after client update")).ok());
    p.pump();
    CHECK(p.server_data() == "after client update");
    REQUIRE(p.server.update_keys(false).ok());
    REQUIRE(p.server.send(text("after server update")).ok());
    p.pump();
    CHECK(p.client_data() == "after server update");
    int updates = 0;
    for (const auto& e : p.server_events)
        updates += std::holds_alternative<KeysUpdated>(e);
    CHECK(updates == 3); // received one, answered its request, then its own
    p.client.close();
    p.pump();
    CHECK(p.server.peer_closed());
}

TEST_CASE("engine: tickets, resumption, 0-RTT accepted once then rejected",
          "[tls13][engine][psk]") {
    auto sealer = std::make_shared<TicketSealer>(Botan::system_rng());
    auto s = server_config();
    s.set_tickets(2, sealer).set_max_early_data(16384);
    Pair first(client_config(), s);
    REQUIRE(first.handshake());
    auto ticket = first.last_ticket();
    REQUIRE(ticket);
    CHECK(ticket->max_early_data == 16384);
    auto decoded = Session::decode(ticket->encode(), "ticket");
    REQUIRE(decoded.ok());
    CHECK(decoded->psk == ticket->psk);

    auto c = client_config();
    c.set_session(*ticket).set_early_data(Bytes{'0', 'r', 't', 't'});
    Pair second(c, s);
    REQUIRE(second.handshake());
    CHECK(second.client.resumed());
    CHECK(second.server.resumed());
    CHECK(second.client.early_data_accepted());
    CHECK(second.server_data() == "0rtt");
    CHECK(second.client.peer_chain().empty());

    Pair replay(c, s); // the same ticket again: resumed, but no 0-RTT
    REQUIRE(replay.handshake());
    CHECK(replay.client.resumed());
    CHECK_FALSE(replay.client.early_data_accepted());
    CHECK(replay.server_data().empty());
}

TEST_CASE("engine: a ticket of another server gives a full handshake", "[tls13][engine][psk]") {
    auto s = server_config();
    s.set_tickets(1, std::make_shared<TicketSealer>(Botan::system_rng()));
    Pair first(client_config(), s);
    REQUIRE(first.handshake());
    auto other = server_config();
    other.set_tickets(1, std::make_shared<TicketSealer>(Botan::system_rng()));
    auto c = client_config();
    c.set_session(*first.last_ticket());
    Pair second(c, other);
    REQUIRE(second.handshake());
    CHECK_FALSE(second.client.resumed());
}

TEST_CASE("engine: an Ed448 certificate is refused by name", "[tls13][engine]") {
    auto pem = Botan::X509_Certificate(std::string(TLS13_TEST_DATA) + "/ed448-cert.pem");
    auto chain = decode_chain({pem.BER_encode()});
    REQUIRE_FALSE(chain.ok());
    CHECK(error_alert(chain.error()) == Alert::unsupported_certificate);
    CHECK(chain.error().message.find("Ed448") != std::string::npos);
}
