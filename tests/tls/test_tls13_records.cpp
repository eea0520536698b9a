// SPDX-License-Identifier: GPL-2.0-or-later
// The TLS 1.3 record layer and handshake codec on hostile input: padding and
// content type hiding, tampering, oversize records, truncation at every
// length, duplicate extensions, and the alert each one ends with.
#include "rfc8448_simple.hpp"
#include "tls13/messages.hpp"
#include "tls13/record_layer.hpp"

#include <catch2/catch.hpp>

using namespace tls13;

namespace {

TrafficKeys test_keys(const CipherSuite& s) {
    return {Bytes(s.key_len, 0x42), Bytes(12, 0x24)};
}

RawRecord one_record(const Bytes& bytes) {
    RecordDecoder dec;
    dec.feed(bytes);
    auto r = dec.next();
    REQUIRE(r.ok());
    REQUIRE(r->has_value());
    return **r;
}

Alert alert_of(const ipsec::Error& e) {
    return error_alert(e);
}

} // namespace

TEST_CASE("records: every suite round-trips with padding and hides the type", "[tls13][record]") {
    for (const auto& suite : all_cipher_suites()) {
        RecordCipher tx(suite, test_keys(suite), RecordCipher::Direction::seal);
        RecordCipher rx(suite, test_keys(suite), RecordCipher::Direction::open);
        for (size_t pad : {0, 1, 100}) {
            auto rec = tx.seal(ContentType::handshake, Bytes{1, 2, 3}, pad);
            REQUIRE(rec.ok());
            CHECK((*rec)[0] == 23); // outer type is always application_data
            CHECK(rec->size() == 5 + 3 + 1 + pad + 16);
            auto plain = rx.open(one_record(*rec));
            REQUIRE(plain.ok());
            CHECK(plain->type == ContentType::handshake);
            CHECK(plain->content == Bytes{1, 2, 3});
        }
        CHECK(tx.sequence() == 3);
        CHECK(rx.sequence() == 3);
    }
}

TEST_CASE("records: tampering, replay and reordering fail with bad_record_mac", "[tls13][record]") {
    const auto suite = *find_cipher_suite(0x1302);
    RecordCipher tx(suite, test_keys(suite), RecordCipher::Direction::seal);
    auto first = *tx.seal(ContentType::application_data, Bytes(10, 'a'));
    auto second = *tx.seal(ContentType::application_data, Bytes(10, 'b'));
    {
        RecordCipher rx(suite, test_keys(suite), RecordCipher::Direction::open);
        auto bad = first;
        bad[7] ^= 1;
        auto r = rx.open(one_record(bad));
        REQUIRE_FALSE(r.ok());
        CHECK(alert_of(r.error()) == Alert::bad_record_mac);
    }
    {
        RecordCipher rx(suite, test_keys(suite), RecordCipher::Direction::open);
        auto r = rx.open(one_record(second)); // sequence 0 expected
        REQUIRE_FALSE(r.ok());
        CHECK(alert_of(r.error()) == Alert::bad_record_mac);
    }
    {
        RecordCipher rx(suite, test_keys(suite), RecordCipher::Direction::open);
        REQUIRE(rx.open(one_record(first)).ok());
        auto r = rx.open(one_record(first)); // replay
        REQUIRE_FALSE(r.ok());
        CHECK(alert_of(r.error()) == Alert::bad_record_mac);
    }
}

TEST_CASE("records: only padding is unexpected_message", "[tls13][record]") {
    const auto suite = *find_cipher_suite(0x1301);
    RecordCipher tx(suite, test_keys(suite), RecordCipher::Direction::seal);
    RecordCipher rx(suite, test_keys(suite), RecordCipher::Direction::open);
    auto rec = tx.seal(ContentType::invalid, {}, 5); // type byte 0, then zeros
    REQUIRE(rec.ok());
    auto r = rx.open(one_record(*rec));
    REQUIRE_FALSE(r.ok());
    CHECK(alert_of(r.error()) == Alert::unexpected_message);
}

TEST_CASE("records: framing limits", "[tls13][record]") {
    RecordDecoder dec;
    Bytes header = {23, 3, 3, 0x41, 0x01}; // 2^14 + 257
    dec.feed(header);
    auto r = dec.next();
    REQUIRE_FALSE(r.ok());
    CHECK(alert_of(r.error()) == Alert::record_overflow);

    RecordDecoder dec2;
    dec2.feed(Bytes{99, 3, 3, 0, 1, 0});
    auto r2 = dec2.next();
    REQUIRE_FALSE(r2.ok());
    CHECK(alert_of(r2.error()) == Alert::unexpected_message);

    RecordDecoder dec3; // a truncated record waits for more
    dec3.feed(Bytes{22, 3, 1, 0, 10, 1, 2});
    auto r3 = dec3.next();
    REQUIRE(r3.ok());
    CHECK_FALSE(r3->has_value());
    CHECK(dec3.buffered() == 7);

    const auto suite = *find_cipher_suite(0x1301);
    RecordCipher rx(suite, test_keys(suite), RecordCipher::Direction::open);
    RawRecord short_rec{ContentType::application_data, 0x0303, Bytes(16, 0)};
    auto r4 = rx.open(short_rec);
    REQUIRE_FALSE(r4.ok());
    CHECK(alert_of(r4.error()) == Alert::bad_record_mac);
}

TEST_CASE("records: the key limit of AES-GCM is reported", "[tls13][record]") {
    const auto suite = *find_cipher_suite(0x1301);
    CHECK(suite.record_limit == 23726566u);
    RecordCipher tx(suite, test_keys(suite), RecordCipher::Direction::seal);
    CHECK_FALSE(tx.limit_reached());
}

TEST_CASE("codec: every truncation of the RFC 8448 messages is decode_error", "[tls13][codec]") {
    const Bytes ch = from_hex(rfc8448::k_ClientHello);
    // One cut is itself a valid hello: the one right before the extensions.
    const size_t before_extensions = 4 + 2 + 32 + 1 + 2 + 6 + 2;
    for (size_t n = 4; n < ch.size(); ++n) {
        auto r = parse_client_hello(ByteView(ch).subspan(4, n - 4));
        if (n == before_extensions) {
            CHECK(r.ok());
            continue;
        }
        REQUIRE_FALSE(r.ok());
        CHECK(alert_of(r.error()) == Alert::decode_error);
    }
    const Bytes sh = from_hex(rfc8448::k_ServerHello);
    for (size_t n = 4; n < sh.size(); ++n) {
        auto r = parse_server_hello(ByteView(sh).subspan(4, n - 4));
        if (n == 4 + 2 + 32 + 1 + 2 + 1) { // a hello without extensions (TLS 1.2)
            CHECK(r.ok());
            continue;
        }
        REQUIRE_FALSE(r.ok());
        CHECK(alert_of(r.error()) == Alert::decode_error);
    }
    const Bytes cert = from_hex(rfc8448::k_ServerCertificate);
    for (size_t n = 4; n < cert.size(); n += 7)
        CHECK_FALSE(parse_certificate(ByteView(cert).subspan(4, n - 4)).ok());
    // Trailing bytes are an error too.
    Bytes longer(sh.begin() + 4, sh.end());
    longer.push_back(0);
    CHECK(alert_of(parse_server_hello(longer).error()) == Alert::decode_error);
}

TEST_CASE("codec: a repeated extension is illegal_parameter", "[tls13][codec]") {
    ClientHello ch;
    ch.random = Bytes(32, 1);
    ch.cipher_suites = {0x1301};
    ch.supported_versions = {0x0304};
    Bytes msg = serialize(ch);
    // Append a second supported_versions extension by hand.
    Bytes ext = {0x00, 0x2b, 0x00, 0x03, 0x02, 0x03, 0x04};
    msg.insert(msg.end(), ext.begin(), ext.end());
    const size_t ext_len_at = 4 + 2 + 32 + 1 + 2 + 2 + 2;
    const size_t ext_len = (msg[ext_len_at] << 8 | msg[ext_len_at + 1]) + ext.size();
    msg[ext_len_at] = static_cast<uint8_t>(ext_len >> 8);
    msg[ext_len_at + 1] = static_cast<uint8_t>(ext_len);
    auto r = parse_client_hello(ByteView(msg).subspan(4));
    REQUIRE_FALSE(r.ok());
    CHECK(alert_of(r.error()) == Alert::illegal_parameter);
}

TEST_CASE("codec: ClientHello and ServerHello round-trip", "[tls13][codec]") {
    ClientHello ch;
    ch.random = Bytes(32, 7);
    ch.session_id = Bytes(32, 9);
    ch.cipher_suites = {0x1302, 0x1301};
    ch.server_name = "server.lab";
    ch.supported_versions = {0x0304, 0x0303};
    ch.groups = {0x001d, 0x0017};
    ch.signature_schemes = {0x0804, 0x0403};
    ch.has_key_share = true;
    ch.key_shares = {{0x001d, Bytes(32, 5)}};
    ch.alpn = {"h2", "http/1.1"};
    ch.psk_modes = {1};
    ch.cookie = Bytes{1, 2, 3};
    ch.psk_identities = {{Bytes(40, 3), 1234}};
    ch.psk_binders = {Bytes(32, 4)};
    const Bytes wire = serialize(ch);
    auto back = parse_client_hello(ByteView(wire).subspan(4));
    REQUIRE(back.ok());
    CHECK(serialize(*back) == wire);
    CHECK(back->alpn == ch.alpn);
    CHECK(binders_size(*back) == 2 + 33);

    ServerHello hrr;
    hrr.random = hello_retry_random();
    hrr.session_id = ch.session_id;
    hrr.cipher_suite = 0x1302;
    hrr.selected_version = 0x0304;
    hrr.hrr_group = 0x0017;
    hrr.cookie = Bytes{7, 7};
    const Bytes hw = serialize(hrr);
    auto hb = parse_server_hello(ByteView(hw).subspan(4));
    REQUIRE(hb.ok());
    CHECK(hb->is_hello_retry());
    CHECK(hb->hrr_group == uint16_t(0x0017));
    CHECK(serialize(*hb) == hw);
}

TEST_CASE("codec: KeyUpdate and handshake reassembly", "[tls13][codec]") {
    CHECK(*parse_key_update(Bytes{1}) == true);
    CHECK(alert_of(parse_key_update(Bytes{2}).error()) == Alert::illegal_parameter);
    CHECK(alert_of(parse_key_update(Bytes{}).error()) == Alert::decode_error);
    HandshakeReader reader;
    const Bytes msg = serialize_key_update(false);
    reader.feed(ByteView(msg).subspan(0, 3));
    CHECK_FALSE(reader.next()->has_value());
    reader.feed(ByteView(msg).subspan(3));
    auto m = reader.next();
    REQUIRE(m->has_value());
    CHECK((*m)->type == HandshakeType::key_update);
    HandshakeReader huge;
    huge.feed(Bytes{11, 0x10, 0, 0});
    CHECK(alert_of(huge.next().error()) == Alert::decode_error);
}
