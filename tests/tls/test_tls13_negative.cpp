// SPDX-License-Identifier: GPL-2.0-or-later
// Negative tests in the manner of tlsfuzzer: a man in the middle that knows the
// handshake secrets (from the engines' key log events) decrypts a flight,
// changes one thing, re-encrypts it and delivers it. Each change must end with
// the right alert from the victim, and nothing may crash.
#include "tls13_pair.hpp"

#include <botan/system_rng.h>
#include <catch2/catch.hpp>
#include <functional>

using namespace tls13;
using namespace tls13_test;

namespace {

using Messages = std::vector<Bytes>;

Bytes secret_of(const std::vector<Event>& events, const std::string& label) {
    for (const auto& e : events)
        if (const auto* s = std::get_if<SecretDerived>(&e); s && s->label == label)
            return s->secret;
    return {};
}

// Splits a flight into its records; decrypts those after the key change.
struct Flight {
    Bytes plain_prefix; // the unprotected records (ServerHello, change_cipher_spec)
    Messages messages;  // the protected handshake messages
};

Flight open_flight(const Bytes& wire, const CipherSuite& suite, const Bytes& secret) {
    Flight f;
    RecordDecoder dec;
    dec.feed(wire);
    KeySchedule ks(suite);
    RecordCipher rx(suite, ks.traffic_keys(secret), RecordCipher::Direction::open);
    HandshakeReader hs;
    while (true) {
        auto rec = dec.next();
        REQUIRE(rec.ok());
        if (!*rec)
            break;
        if ((*rec)->type != ContentType::application_data) {
            auto bytes = plaintext_record((*rec)->type, (*rec)->fragment, (*rec)->version);
            f.plain_prefix.insert(f.plain_prefix.end(), bytes.begin(), bytes.end());
            continue;
        }
        auto plain = rx.open(**rec);
        REQUIRE(plain.ok());
        hs.feed(plain->content);
        while (true) {
            auto m = hs.next();
            REQUIRE(m.ok());
            if (!*m)
                break;
            f.messages.push_back((*m)->bytes);
        }
    }
    return f;
}

Bytes seal_flight(const Flight& f, const CipherSuite& suite, const Bytes& secret) {
    KeySchedule ks(suite);
    RecordCipher tx(suite, ks.traffic_keys(secret), RecordCipher::Direction::seal);
    Bytes out = f.plain_prefix;
    for (const auto& m : f.messages) {
        auto rec = tx.seal(ContentType::handshake, m);
        REQUIRE(rec.ok());
        out.insert(out.end(), rec->begin(), rec->end());
    }
    return out;
}

size_t find_type(const Messages& m, HandshakeType t) {
    for (size_t i = 0; i < m.size(); ++i)
        if (m[i][0] == static_cast<uint8_t>(t))
            return i;
    FAIL("message not in the flight");
    return 0;
}

// Runs the handshake up to the server's flight, applies change to it and
// gives it to the client; returns the client's error alert.
Alert tamper_server_flight(const std::function<void(Messages&)>& change,
                           std::string* why = nullptr) {
    Pair p(client_config(), server_config("RSA"));
    REQUIRE(p.client.start().ok());
    REQUIRE(p.server.receive(p.client.take_output()).ok());
    const auto events = p.server.take_events();
    const Bytes secret = secret_of(events, "SERVER_HANDSHAKE_TRAFFIC_SECRET");
    const auto suite = *p.server.cipher_suite();
    Flight f = open_flight(p.server.take_output(), suite, secret);
    change(f.messages);
    auto r = p.client.receive(seal_flight(f, suite, secret));
    REQUIRE_FALSE(r.ok());
    if (why)
        *why = r.error().message;
    // The client's alert reaches the server, which ends too.
    auto back = p.server.receive(p.client.take_output());
    CHECK_FALSE(back.ok());
    CHECK(p.client.failed());
    return error_alert(r.error());
}

} // namespace

TEST_CASE("negative: a modified server Finished is decrypt_error", "[tls13][negative]") {
    std::string why;
    CHECK(tamper_server_flight(
              [](Messages& m) { m[find_type(m, HandshakeType::finished)].back() ^= 1; }, &why) ==
          Alert::decrypt_error);
    CHECK(why.find("Finished") != std::string::npos);
}

TEST_CASE("negative: a bad CertificateVerify signature is decrypt_error", "[tls13][negative]") {
    CHECK(tamper_server_flight([](Messages& m) {
              m[find_type(m, HandshakeType::certificate_verify)].back() ^= 0x40;
          }) == Alert::decrypt_error);
}

TEST_CASE("negative: a signature scheme the client did not offer is illegal_parameter",
          "[tls13][negative]") {
    CHECK(tamper_server_flight([](Messages& m) {
              auto& cv = m[find_type(m, HandshakeType::certificate_verify)];
              cv[4] = 0x04; // rsa_pkcs1_sha256: not allowed in TLS 1.3
              cv[5] = 0x01;
          }) == Alert::illegal_parameter);
}

TEST_CASE("negative: messages out of order are unexpected_message", "[tls13][negative]") {
    CHECK(tamper_server_flight([](Messages& m) { std::swap(m[0], m[1]); }) ==
          Alert::unexpected_message);
    CHECK(tamper_server_flight([](Messages& m) { m.erase(m.begin() + 1); }) ==
          Alert::unexpected_message);
    CHECK(tamper_server_flight([](Messages& m) { m.insert(m.begin(), m.back()); }) ==
          Alert::unexpected_message);
}

TEST_CASE("negative: a truncated message inside a record is decode_error", "[tls13][negative]") {
    CHECK(tamper_server_flight([](Messages& m) {
              auto& ee = m[0];
              ee.pop_back(); // the 3-byte length now claims one byte too many...
              ee[3] -= 1;    // ...fixed: a body one byte short of its extensions
          }) == Alert::decode_error);
}

TEST_CASE("negative: a downgraded ServerHello is refused", "[tls13][negative]") {
    for (const bool offer12 : {false, true}) {
        for (const bool sentinel : {false, true}) {
            auto c = client_config();
            c.set_offer_tls12(offer12);
            Pair p(c, server_config());
            REQUIRE(p.client.start().ok());
            REQUIRE(p.server.receive(p.client.take_output()).ok());
            RecordDecoder dec;
            dec.feed(p.server.take_output());
            auto rec = dec.next();
            REQUIRE(rec.ok());
            auto sh = parse_server_hello(ByteView((*rec)->fragment).subspan(4));
            REQUIRE(sh.ok());
            sh->selected_version = 0; // a TLS 1.2 ServerHello
            sh->key_share.reset();
            if (sentinel) {
                const Bytes down = {0x44, 0x4f, 0x57, 0x4e, 0x47, 0x52, 0x44, 0x01};
                std::copy(down.begin(), down.end(), sh->random.begin() + 24);
            }
            auto r = p.client.receive(plaintext_record(ContentType::handshake, serialize(*sh)));
            REQUIRE_FALSE(r.ok());
            INFO("offer 1.2 " << offer12 << " sentinel " << sentinel);
            if (sentinel) {
                CHECK(error_alert(r.error()) == Alert::illegal_parameter);
                CHECK_FALSE(p.client.peer_chose_tls12());
            } else {
                CHECK(error_alert(r.error()) == Alert::protocol_version);
                CHECK(p.client.peer_chose_tls12() == offer12);
            }
        }
    }
}

namespace {

// The second ClientHello after a HelloRetryRequest with a cookie, changed by
// change and given to the server; the server's error.
ipsec::Result<void> retry_with(const std::function<void(ClientHello&)>& change) {
    auto s = server_config();
    s.set_require_cookie(true);
    Pair p(client_config(), s);
    REQUIRE(p.client.start().ok());
    REQUIRE(p.server.receive(p.client.take_output()).ok());
    REQUIRE(p.client.receive(p.server.take_output()).ok());
    RecordDecoder dec;
    dec.feed(p.client.take_output());
    Bytes wire;
    while (true) {
        auto rec = dec.next();
        REQUIRE(rec.ok());
        if (!*rec)
            break;
        Bytes fragment = (*rec)->fragment;
        if ((*rec)->type == ContentType::handshake) {
            REQUIRE(fragment[0] == static_cast<uint8_t>(HandshakeType::client_hello));
            auto ch = parse_client_hello(ByteView(fragment).subspan(4));
            REQUIRE(ch.ok());
            REQUIRE(ch->cookie);
            change(*ch);
            fragment = serialize(*ch);
        }
        const Bytes out = plaintext_record((*rec)->type, fragment, (*rec)->version);
        wire.insert(wire.end(), out.begin(), out.end());
    }
    return p.server.receive(wire);
}

} // namespace

TEST_CASE("negative: a second ClientHello without the cookie, or another one, is refused",
          "[tls13][negative][hrr]") {
    CHECK(retry_with([](ClientHello&) {}).ok()); // unchanged, the retry goes through
    auto missing = retry_with([](ClientHello& ch) { ch.cookie.reset(); });
    REQUIRE_FALSE(missing.ok());
    CHECK(error_alert(missing.error()) == Alert::missing_extension);
    auto changed = retry_with([](ClientHello& ch) { ch.cookie->back() ^= 1; });
    REQUIRE_FALSE(changed.ok());
    CHECK(error_alert(changed.error()) == Alert::illegal_parameter);
}

TEST_CASE("negative: a modified client Finished is decrypt_error at the server",
          "[tls13][negative]") {
    Pair p(client_config(), server_config());
    REQUIRE(p.client.start().ok());
    REQUIRE(p.server.receive(p.client.take_output()).ok());
    REQUIRE(p.client.receive(p.server.take_output()).ok());
    const Bytes secret = secret_of(p.client.take_events(), "CLIENT_HANDSHAKE_TRAFFIC_SECRET");
    const auto suite = *p.client.cipher_suite();
    Flight f = open_flight(p.client.take_output(), suite, secret);
    REQUIRE(f.messages.size() == 1);
    f.messages[0][10] ^= 0x80;
    auto r = p.server.receive(seal_flight(f, suite, secret));
    REQUIRE_FALSE(r.ok());
    CHECK(error_alert(r.error()) == Alert::decrypt_error);
}

TEST_CASE("negative: records the state does not allow", "[tls13][negative]") {
    {
        Pair p(client_config(), server_config());
        auto r = p.server.receive(plaintext_record(ContentType::application_data, Bytes{1, 2, 3}));
        CHECK(error_alert(r.error()) == Alert::unexpected_message);
        // and the engine stays dead
        CHECK_FALSE(p.server.receive(Bytes{22}).ok());
    }
    {
        Pair p(client_config(), server_config());
        REQUIRE(p.handshake());
        auto r = p.server.receive(plaintext_record(ContentType::change_cipher_spec, Bytes{1}));
        CHECK(error_alert(r.error()) == Alert::unexpected_message);
    }
    {
        Pair p(client_config(), server_config());
        REQUIRE(p.client.start().ok());
        const Bytes ch = p.client.take_output();
        REQUIRE(p.server.receive(ch).ok());
        auto r = p.server.receive(ch); // a ClientHello in plaintext after the keys
        CHECK(error_alert(r.error()) == Alert::unexpected_message);
    }
    {
        Pair p(client_config(), server_config());
        REQUIRE(p.handshake());
        auto r = p.client.receive(Bytes{23, 3,  3,  0,  20, 1,  2,  3,  4,  5,  6,  7, 8,
                                        9,  10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20});
        CHECK(error_alert(r.error()) == Alert::bad_record_mac);
    }
}

TEST_CASE("negative: random damage to the server flight never crashes", "[tls13][negative]") {
    Pair base(client_config(), server_config());
    REQUIRE(base.client.start().ok());
    for (int i = 0; i < 300; ++i) {
        Pair p(client_config(), server_config());
        REQUIRE(p.client.start().ok());
        REQUIRE(p.server.receive(p.client.take_output()).ok());
        Bytes flight = p.server.take_output();
        auto& rng = Botan::system_rng();
        const size_t at = rng.next_byte() * flight.size() / 256;
        flight[at] ^= static_cast<uint8_t>(1 + rng.next_byte() % 255);
        if (i % 3 == 0)
            flight.resize(at + 1);
        auto r = p.client.receive(flight);
        if (!r.ok())
            CHECK(error_alert(r.error()) != Alert::internal_error);
    }
}
