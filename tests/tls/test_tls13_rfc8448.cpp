// SPDX-License-Identifier: GPL-2.0-or-later
// RFC 8448 section 3, the simple 1-RTT handshake, byte for byte: every secret,
// key and IV of the key schedule, the server's encrypted flight decrypted and
// parsed, the server and client Finished, the client's Finished record, the
// NewSessionTicket and its PSK, the application data and close_notify records.
#include "rfc8448_simple.hpp"
#include "tls13/key_schedule.hpp"
#include "tls13/key_share.hpp"
#include "tls13/messages.hpp"
#include "tls13/record_layer.hpp"

#include <catch2/catch.hpp>

using namespace tls13;

namespace {

Bytes hx(const char* s) {
    return from_hex(s);
}

Bytes cat(std::initializer_list<Bytes> parts) {
    Bytes out;
    for (const auto& p : parts)
        out.insert(out.end(), p.begin(), p.end());
    return out;
}

RawRecord raw(const Bytes& record) {
    RecordDecoder dec;
    dec.feed(record);
    auto r = dec.next();
    REQUIRE(r.ok());
    REQUIRE(r->has_value());
    return **r;
}

const CipherSuite& aes128() {
    static const CipherSuite s = *find_cipher_suite(0x1301);
    return s;
}

} // namespace

TEST_CASE("RFC 8448 1-RTT: x25519 shared secret and handshake secrets", "[tls13][rfc8448]") {
    auto client = KeyShare::x25519_from_private(hx(rfc8448::k_ClientPrivate));
    auto server = KeyShare::x25519_from_private(hx(rfc8448::k_ServerPrivate));
    auto sh = parse_server_hello(ByteView(hx(rfc8448::k_ServerHello)).subspan(4));
    REQUIRE(sh.ok());
    CHECK(sh->key_share->key == server->public_value());
    auto shared = client->agree(sh->key_share->key);
    REQUIRE(shared.ok());
    CHECK(to_hex(*shared) == rfc8448::k_SharedSecret);

    KeySchedule ks(aes128());
    ks.start({});
    CHECK(to_hex(ks.early_secret()) == rfc8448::k_EarlySecret);
    ks.add_shared_secret(*shared);
    CHECK(to_hex(ks.handshake_secret()) == rfc8448::k_HandshakeSecret);
    const Bytes th =
        hash_of("SHA-256", cat({hx(rfc8448::k_ClientHello), hx(rfc8448::k_ServerHello)}));
    CHECK(to_hex(th) == rfc8448::k_HelloHash);
    const Bytes c_hs = ks.client_handshake_traffic_secret(th);
    const Bytes s_hs = ks.server_handshake_traffic_secret(th);
    CHECK(to_hex(c_hs) == rfc8448::k_ClientHsTraffic);
    CHECK(to_hex(s_hs) == rfc8448::k_ServerHsTraffic);
    CHECK(to_hex(ks.traffic_keys(c_hs).key) == rfc8448::k_ClientHsKey);
    CHECK(to_hex(ks.traffic_keys(c_hs).iv) == rfc8448::k_ClientHsIv);
    CHECK(to_hex(ks.traffic_keys(s_hs).key) == rfc8448::k_ServerHsKey);
    CHECK(to_hex(ks.traffic_keys(s_hs).iv) == rfc8448::k_ServerHsIv);
    ks.derive_master();
    CHECK(to_hex(ks.master_secret()) == rfc8448::k_MasterSecret);
}

TEST_CASE("RFC 8448 1-RTT: the whole trace byte for byte", "[tls13][rfc8448]") {
    auto client = KeyShare::x25519_from_private(hx(rfc8448::k_ClientPrivate));
    const Bytes ch = hx(rfc8448::k_ClientHello);
    const Bytes sh_bytes = hx(rfc8448::k_ServerHello);
    auto sh = parse_server_hello(ByteView(sh_bytes).subspan(4));
    REQUIRE(sh.ok());
    KeySchedule ks(aes128());
    ks.start({});
    ks.add_shared_secret(*client->agree(sh->key_share->key));
    const Bytes th1 = hash_of("SHA-256", cat({ch, sh_bytes}));
    const Bytes c_hs = ks.client_handshake_traffic_secret(th1);
    const Bytes s_hs = ks.server_handshake_traffic_secret(th1);

    // The server's encrypted flight: EE, Certificate, CertificateVerify, Finished.
    RecordCipher server_hs(aes128(), ks.traffic_keys(s_hs), RecordCipher::Direction::open);
    auto flight = server_hs.open(raw(hx(rfc8448::k_ServerHandshakeRecord)));
    REQUIRE(flight.ok());
    CHECK(flight->type == ContentType::handshake);
    const Bytes ee = hx(rfc8448::k_EncryptedExtensions);
    const Bytes cert = hx(rfc8448::k_ServerCertificate);
    const Bytes cv = hx(rfc8448::k_ServerCertificateVerify);
    const Bytes fin = hx(rfc8448::k_ServerFinished);
    CHECK(flight->content == cat({ee, cert, cv, fin}));

    HandshakeReader reader;
    reader.feed(flight->content);
    std::vector<HandshakeType> types;
    while (true) {
        auto m = reader.next();
        REQUIRE(m.ok());
        if (!*m)
            break;
        types.push_back((*m)->type);
    }
    CHECK(types == std::vector<HandshakeType>{
                       HandshakeType::encrypted_extensions, HandshakeType::certificate,
                       HandshakeType::certificate_verify, HandshakeType::finished});
    auto ee_msg = parse_encrypted_extensions(ByteView(ee).subspan(4));
    REQUIRE(ee_msg.ok());
    CHECK(ee_msg->groups.size() == 9);
    auto cert_msg = parse_certificate(ByteView(cert).subspan(4));
    REQUIRE(cert_msg.ok());
    CHECK(cert_msg->certificates.size() == 1);
    auto cv_msg = parse_certificate_verify(ByteView(cv).subspan(4));
    REQUIRE(cv_msg.ok());
    CHECK(cv_msg->scheme == 0x0804);
    // Serializing the parsed messages gives the same bytes back.
    CHECK(serialize(*cert_msg) == cert);
    CHECK(serialize(*cv_msg) == cv);

    const Bytes th_cv = hash_of("SHA-256", cat({ch, sh_bytes, ee, cert, cv}));
    CHECK(serialize_finished(ks.finished_verify_data(s_hs, th_cv)) == fin);
    const Bytes th_sf = hash_of("SHA-256", cat({ch, sh_bytes, ee, cert, cv, fin}));
    CHECK(to_hex(th_sf) == rfc8448::k_ServerFinishedHash);

    ks.derive_master();
    const Bytes c_ap = ks.client_application_traffic_secret(th_sf);
    const Bytes s_ap = ks.server_application_traffic_secret(th_sf);
    CHECK(to_hex(c_ap) == rfc8448::k_ClientAppTraffic);
    CHECK(to_hex(s_ap) == rfc8448::k_ServerAppTraffic);
    CHECK(to_hex(ks.traffic_keys(c_ap).key) == rfc8448::k_ClientAppKey);
    CHECK(to_hex(ks.traffic_keys(c_ap).iv) == rfc8448::k_ClientAppIv);
    CHECK(to_hex(ks.traffic_keys(s_ap).key) == rfc8448::k_ServerAppKey);
    CHECK(to_hex(ks.traffic_keys(s_ap).iv) == rfc8448::k_ServerAppIv);
    CHECK(to_hex(ks.exporter_master_secret(th_sf)) == rfc8448::k_ExporterSecret);

    // The client's Finished record, sealed with the client handshake key.
    const Bytes client_fin = serialize_finished(ks.finished_verify_data(c_hs, th_sf));
    RecordCipher client_hs(aes128(), ks.traffic_keys(c_hs), RecordCipher::Direction::seal);
    auto fin_record = client_hs.seal(ContentType::handshake, client_fin);
    REQUIRE(fin_record.ok());
    CHECK(to_hex(*fin_record) == rfc8448::k_ClientFinishedRecord);
    const Bytes th_cf = hash_of("SHA-256", cat({ch, sh_bytes, ee, cert, cv, fin, client_fin}));
    CHECK(to_hex(th_cf) == rfc8448::k_ClientFinishedHash);
    const Bytes res = ks.resumption_master_secret(th_cf);
    CHECK(to_hex(res) == rfc8448::k_ResumptionSecret);

    // The server's NewSessionTicket (record 0 under the server application key),
    // its PSK, then the application data (record 1) and close_notify (record 2).
    RecordCipher server_ap(aes128(), ks.traffic_keys(s_ap), RecordCipher::Direction::open);
    auto nst_plain = server_ap.open(raw(hx(rfc8448::k_NewSessionTicketRecord)));
    REQUIRE(nst_plain.ok());
    CHECK(nst_plain->type == ContentType::handshake);
    auto nst = parse_new_session_ticket(ByteView(nst_plain->content).subspan(4));
    REQUIRE(nst.ok());
    CHECK(to_hex(nst->ticket) == rfc8448::k_Ticket);
    CHECK(nst->lifetime == 30);
    CHECK(nst->max_early_data == 1024u);
    CHECK(serialize(*nst) == nst_plain->content);
    CHECK(to_hex(ks.ticket_psk(res, nst->nonce)) == rfc8448::k_TicketPsk);
    auto server_data = server_ap.open(raw(hx(rfc8448::k_ServerAppDataRecord)));
    REQUIRE(server_data.ok());
    CHECK(server_data->type == ContentType::application_data);
    CHECK(to_hex(server_data->content) == rfc8448::k_AppData);
    auto server_close = server_ap.open(raw(hx(rfc8448::k_ServerCloseRecord)));
    REQUIRE(server_close.ok());
    CHECK(server_close->type == ContentType::alert);
    CHECK(server_close->content == Bytes{1, 0});

    RecordCipher client_ap(aes128(), ks.traffic_keys(c_ap), RecordCipher::Direction::seal);
    auto data_record = client_ap.seal(ContentType::application_data, hx(rfc8448::k_AppData));
    REQUIRE(data_record.ok());
    CHECK(to_hex(*data_record) == rfc8448::k_ClientAppDataRecord);
    auto close_record = client_ap.seal(ContentType::alert, Bytes{1, 0});
    REQUIRE(close_record.ok());
    CHECK(to_hex(*close_record) == rfc8448::k_ClientCloseRecord);
}

TEST_CASE("RFC 8448 1-RTT: the ClientHello parses", "[tls13][rfc8448][codec]") {
    auto ch = parse_client_hello(ByteView(hx(rfc8448::k_ClientHello)).subspan(4));
    REQUIRE(ch.ok());
    CHECK(ch->server_name == std::string("server"));
    CHECK(ch->cipher_suites == std::vector<uint16_t>{0x1301, 0x1303, 0x1302});
    CHECK(ch->supported_versions == std::vector<uint16_t>{0x0304});
    REQUIRE(ch->key_shares.size() == 1);
    CHECK(ch->key_shares[0].group == 0x001d);
    CHECK(ch->signature_schemes.size() == 15);
    CHECK(ch->psk_modes == std::vector<uint8_t>{1});
}
