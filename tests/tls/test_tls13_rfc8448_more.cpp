// SPDX-License-Identifier: GPL-2.0-or-later
// RFC 8448 sections 4 (resumed 0-RTT) and 5 (HelloRetryRequest), byte for byte:
// the PSK binder of the resumed ClientHello, the 0-RTT record, the server's
// flights decrypted, both Finished, EndOfEarlyData and the client's Finished
// sealed to the RFC's records; the HRR transcript with message_hash, a P-256
// key share from the RFC's private key, and the RSA-PSS CertificateVerify of
// the trace verified with our signature code.
#include "rfc8448_resumed_hrr.hpp"
#include "rfc8448_simple.hpp"
#include "tls13/key_schedule.hpp"
#include "tls13/key_share.hpp"
#include "tls13/messages.hpp"
#include "tls13/record_layer.hpp"
#include "tls13/signature.hpp"

#include <botan/pk_keys.h>
#include <botan/x509cert.h>
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

std::vector<RawRecord> records(const Bytes& wire) {
    RecordDecoder dec;
    dec.feed(wire);
    std::vector<RawRecord> out;
    while (true) {
        auto r = dec.next();
        REQUIRE(r.ok());
        if (!*r)
            break;
        out.push_back(**r);
    }
    return out;
}

Bytes body_of_record(const Bytes& record) {
    return Bytes(record.begin() + 5, record.end());
}

const CipherSuite& aes128() {
    static const CipherSuite s = *find_cipher_suite(0x1301);
    return s;
}

} // namespace

TEST_CASE("RFC 8448 resumed 0-RTT: binder, early data, both flights", "[tls13][rfc8448]") {
    const Bytes ch = body_of_record(hx(rfc8448::k_R_ClientHelloRecord));
    auto hello = parse_client_hello(ByteView(ch).subspan(4));
    REQUIRE(hello.ok());
    REQUIRE(hello->psk_identities.size() == 1);
    CHECK(to_hex(hello->psk_identities[0].identity) == rfc8448::k_Ticket);
    CHECK(hello->early_data);

    // The binder over the ClientHello without its binders list.
    KeySchedule ks(aes128());
    ks.start(hx(rfc8448::k_TicketPsk));
    const Bytes partial(ch.begin(), ch.end() - static_cast<std::ptrdiff_t>(binders_size(*hello)));
    CHECK(ks.finished_verify_data(ks.binder_key(true), hash_of("SHA-256", partial)) ==
          hello->psk_binders[0]);

    // 0-RTT data under client_early_traffic_secret.
    const Bytes early = ks.client_early_traffic_secret(hash_of("SHA-256", ch));
    RecordCipher early_tx(aes128(), ks.traffic_keys(early), RecordCipher::Direction::seal);
    CHECK(to_hex(*early_tx.seal(ContentType::application_data, hx(rfc8448::k_R_EarlyData))) ==
          rfc8448::k_R_EarlyDataRecord);

    const Bytes sh = hx(rfc8448::k_R_ServerHello);
    auto server_hello = parse_server_hello(ByteView(sh).subspan(4));
    REQUIRE(server_hello.ok());
    CHECK(server_hello->psk_identity == uint16_t(0));
    auto client = KeyShare::x25519_from_private(hx(rfc8448::k_R_ClientPrivate));
    auto shared = client->agree(server_hello->key_share->key);
    REQUIRE(shared.ok());
    ks.add_shared_secret(*shared);
    const Bytes th = hash_of("SHA-256", cat({ch, sh}));
    const Bytes c_hs = ks.client_handshake_traffic_secret(th);
    const Bytes s_hs = ks.server_handshake_traffic_secret(th);

    RecordCipher server_rx(aes128(), ks.traffic_keys(s_hs), RecordCipher::Direction::open);
    auto flight = server_rx.open(records(hx(rfc8448::k_R_ServerHandshakeRecord)).at(0));
    REQUIRE(flight.ok());
    const Bytes ee = hx(rfc8448::k_R_EncryptedExtensions);
    const Bytes sf = hx(rfc8448::k_R_ServerFinished);
    CHECK(flight->content == cat({ee, sf}));
    CHECK(parse_encrypted_extensions(ByteView(ee).subspan(4))->early_data);
    CHECK(serialize_finished(
              ks.finished_verify_data(s_hs, hash_of("SHA-256", cat({ch, sh, ee})))) == sf);

    // EndOfEarlyData under the early key (record 1), then Finished under c_hs.
    const Bytes eoed = frame_handshake(HandshakeType::end_of_early_data, {});
    Bytes client_records = *early_tx.seal(ContentType::handshake, eoed);
    const Bytes cf = serialize_finished(
        ks.finished_verify_data(c_hs, hash_of("SHA-256", cat({ch, sh, ee, sf, eoed}))));
    RecordCipher client_hs(aes128(), ks.traffic_keys(c_hs), RecordCipher::Direction::seal);
    const Bytes fin_record = *client_hs.seal(ContentType::handshake, cf);
    client_records.insert(client_records.end(), fin_record.begin(), fin_record.end());
    CHECK(to_hex(client_records) == rfc8448::k_R_ClientFinishedRecords);

    ks.derive_master();
    const Bytes th_sf = hash_of("SHA-256", cat({ch, sh, ee, sf}));
    RecordCipher client_ap(aes128(), ks.traffic_keys(ks.client_application_traffic_secret(th_sf)),
                           RecordCipher::Direction::seal);
    CHECK(to_hex(*client_ap.seal(ContentType::application_data, hx(rfc8448::k_AppData))) ==
          rfc8448::k_R_ClientAppDataRecord);
    RecordCipher server_ap(aes128(), ks.traffic_keys(ks.server_application_traffic_secret(th_sf)),
                           RecordCipher::Direction::open);
    auto data = server_ap.open(records(hx(rfc8448::k_R_ServerAppDataRecord)).at(0));
    REQUIRE(data.ok());
    CHECK(to_hex(data->content) == rfc8448::k_AppData);
}

TEST_CASE("RFC 8448 HelloRetryRequest: message_hash transcript and a P-256 share",
          "[tls13][rfc8448]") {
    const Bytes ch1 = body_of_record(hx(rfc8448::k_H_ClientHello1Record));
    const Bytes hrr = body_of_record(hx(rfc8448::k_H_HelloRetryRecord));
    const Bytes ch2 = body_of_record(hx(rfc8448::k_H_ClientHello2Record));
    const Bytes sh = hx(rfc8448::k_H_ServerHello);
    auto retry = parse_server_hello(ByteView(hrr).subspan(4));
    REQUIRE(retry.ok());
    CHECK(retry->is_hello_retry());
    CHECK(retry->hrr_group == uint16_t(0x0017));
    REQUIRE(retry->cookie);
    CHECK(serialize(*retry) == hrr);
    auto second = parse_client_hello(ByteView(ch2).subspan(4));
    REQUIRE(second.ok());
    CHECK(second->cookie == retry->cookie);

    auto client = KeyShare::ecdh_from_private(0x0017, hx(rfc8448::k_H_ClientPrivateP256));
    REQUIRE(second->key_shares.size() == 1);
    CHECK(client->public_value() == second->key_shares[0].key);
    auto server_hello = parse_server_hello(ByteView(sh).subspan(4));
    REQUIRE(server_hello.ok());
    auto shared = client->agree(server_hello->key_share->key);
    REQUIRE(shared.ok());

    // RFC 8446 section 4.4.1: ClientHello1 becomes message_hash.
    const Bytes synthetic = frame_handshake(HandshakeType::message_hash, hash_of("SHA-256", ch1));
    KeySchedule ks(aes128());
    ks.start({});
    ks.add_shared_secret(*shared);
    const Bytes prefix = cat({synthetic, hrr, ch2, sh});
    const Bytes th = hash_of("SHA-256", prefix);
    const Bytes c_hs = ks.client_handshake_traffic_secret(th);
    const Bytes s_hs = ks.server_handshake_traffic_secret(th);
    RecordCipher server_rx(aes128(), ks.traffic_keys(s_hs), RecordCipher::Direction::open);
    auto flight = server_rx.open(records(hx(rfc8448::k_H_ServerHandshakeRecord)).at(0));
    REQUIRE(flight.ok());
    const Bytes ee = hx(rfc8448::k_H_EncryptedExtensions);
    const Bytes cert = hx(rfc8448::k_ServerCertificate); // the same RSA certificate
    const Bytes cv = hx(rfc8448::k_H_ServerCertificateVerify);
    const Bytes sf = hx(rfc8448::k_H_ServerFinished);
    CHECK(flight->content == cat({ee, cert, cv, sf}));

    // The server's RSA-PSS signature, checked with the certificate's key.
    auto cert_msg = parse_certificate(ByteView(cert).subspan(4));
    Botan::X509_Certificate x509(cert_msg->certificates[0].data(),
                                 cert_msg->certificates[0].size());
    auto cv_msg = parse_certificate_verify(ByteView(cv).subspan(4));
    auto key = x509.load_subject_public_key();
    const Bytes th_cert = hash_of("SHA-256", cat({prefix, ee, cert}));
    CHECK(verify_signature(cv_msg->scheme, *key, certificate_verify_content(true, th_cert),
                           cv_msg->signature)
              .ok());
    CHECK_FALSE(verify_signature(cv_msg->scheme, *key, certificate_verify_content(false, th_cert),
                                 cv_msg->signature)
                    .ok());

    const Bytes th_cv = hash_of("SHA-256", cat({prefix, ee, cert, cv}));
    CHECK(serialize_finished(ks.finished_verify_data(s_hs, th_cv)) == sf);
    const Bytes th_sf = hash_of("SHA-256", cat({prefix, ee, cert, cv, sf}));
    RecordCipher client_hs(aes128(), ks.traffic_keys(c_hs), RecordCipher::Direction::seal);
    CHECK(to_hex(*client_hs.seal(ContentType::handshake,
                                 serialize_finished(ks.finished_verify_data(c_hs, th_sf)))) ==
          rfc8448::k_H_ClientFinishedRecord);
    ks.derive_master();
    RecordCipher client_ap(aes128(), ks.traffic_keys(ks.client_application_traffic_secret(th_sf)),
                           RecordCipher::Direction::seal);
    CHECK(to_hex(*client_ap.seal(ContentType::alert, Bytes{1, 0})) ==
          rfc8448::k_H_ClientCloseRecord);
}
