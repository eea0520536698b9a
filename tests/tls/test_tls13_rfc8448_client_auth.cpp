// SPDX-License-Identifier: GPL-2.0-or-later
// RFC 8448 section 6 (client authentication), byte for byte where the trace
// allows: the handshake secrets from the client's x25519 key, the server's
// encrypted flight opened to EncryptedExtensions, CertificateRequest,
// Certificate, CertificateVerify and Finished; the CertificateRequest and both
// Certificate messages re-encoded identically; both CertificateVerify
// signatures (ECDSA P-256 by the server, RSA-PSS by the client) verified over
// the content we compute; both Finished and the application, exporter and
// resumption secrets. The RFC gives no private key for either certificate, so
// the signatures themselves cannot be made again.
#include "rfc8448_client_auth.hpp"
#include "tls13/key_schedule.hpp"
#include "tls13/key_share.hpp"
#include "tls13/messages.hpp"
#include "tls13/record_layer.hpp"
#include "tls13/signature.hpp"

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

// The leaf of a Certificate message (with its 4-byte header).
Botan::X509_Certificate leaf_of(const Bytes& msg) {
    auto cert = parse_certificate(ByteView(msg).subspan(4));
    REQUIRE(cert.ok());
    REQUIRE(cert->certificates.size() == 1);
    return Botan::X509_Certificate(cert->certificates[0].data(), cert->certificates[0].size());
}

} // namespace

TEST_CASE("RFC 8448 client authentication: the codec re-encodes the trace's messages",
          "[tls13][rfc8448][codec]") {
    const Bytes ch = hx(rfc8448::k_A_ClientHello);
    auto hello = parse_client_hello(ByteView(ch).subspan(4));
    REQUIRE(hello.ok());
    CHECK(hello->server_name == "server");
    const Bytes cr = hx(rfc8448::k_A_CertificateRequest);
    auto request = parse_certificate_request(ByteView(cr).subspan(4));
    REQUIRE(request.ok());
    CHECK(request->context.empty());
    CHECK(request->authorities.empty());
    REQUIRE(request->signature_schemes.size() == 15);
    CHECK(request->signature_schemes.front() == 0x0403);
    CHECK(request->signature_schemes[4] == 0x0804); // rsa_pss_rsae_sha256, which the client uses
    CHECK(serialize(*request) == cr);
    for (const char* msg : {rfc8448::k_A_ServerCertificate, rfc8448::k_A_ClientCertificate}) {
        const Bytes bytes = hx(msg);
        auto cert = parse_certificate(ByteView(bytes).subspan(4));
        REQUIRE(cert.ok());
        CHECK(serialize(*cert) == bytes);
    }
    const Bytes ccv = hx(rfc8448::k_A_ClientCertificateVerify);
    auto cv = parse_certificate_verify(ByteView(ccv).subspan(4));
    REQUIRE(cv.ok());
    CHECK(cv->scheme == 0x0804);
    CHECK(serialize(*cv) == ccv);
}

TEST_CASE("RFC 8448 client authentication: the whole trace", "[tls13][rfc8448]") {
    const Bytes ch = hx(rfc8448::k_A_ClientHello);
    const Bytes sh = hx(rfc8448::k_A_ServerHello);
    auto client = KeyShare::x25519_from_private(hx(rfc8448::k_A_ClientPrivate));
    auto hello = parse_client_hello(ByteView(ch).subspan(4));
    REQUIRE(hello.ok());
    REQUIRE(hello->key_shares.size() == 1);
    CHECK(hello->key_shares[0].key == client->public_value());
    auto server_hello = parse_server_hello(ByteView(sh).subspan(4));
    REQUIRE(server_hello.ok());
    CHECK(serialize(*server_hello) == sh);
    auto shared = client->agree(server_hello->key_share->key);
    REQUIRE(shared.ok());

    KeySchedule ks(aes128());
    ks.start({});
    ks.add_shared_secret(*shared);
    const Bytes th_sh = hash_of("SHA-256", cat({ch, sh}));
    const Bytes c_hs = ks.client_handshake_traffic_secret(th_sh);
    const Bytes s_hs = ks.server_handshake_traffic_secret(th_sh);
    CHECK(to_hex(c_hs) == rfc8448::k_A_ClientHsTraffic);
    CHECK(to_hex(s_hs) == rfc8448::k_A_ServerHsTraffic);

    // The server's flight: one record, five messages, the request second.
    const Bytes ee = hx(rfc8448::k_A_EncryptedExtensions);
    const Bytes cr = hx(rfc8448::k_A_CertificateRequest);
    const Bytes cert = hx(rfc8448::k_A_ServerCertificate);
    const Bytes cv = hx(rfc8448::k_A_ServerCertificateVerify);
    const Bytes sf = hx(rfc8448::k_A_ServerFinished);
    RecordCipher server_rx(aes128(), ks.traffic_keys(s_hs), RecordCipher::Direction::open);
    auto flight = server_rx.open(raw(hx(rfc8448::k_A_ServerHandshakeRecord)));
    REQUIRE(flight.ok());
    CHECK(flight->type == ContentType::handshake);
    CHECK(flight->content == cat({ee, cr, cert, cv, sf}));
    RecordCipher server_tx(aes128(), ks.traffic_keys(s_hs), RecordCipher::Direction::seal);
    CHECK(to_hex(*server_tx.seal(ContentType::handshake, cat({ee, cr, cert, cv, sf}))) ==
          rfc8448::k_A_ServerHandshakeRecord);

    // The server's ECDSA P-256 signature covers the request (RFC 8446 4.4.3).
    auto server_cv = parse_certificate_verify(ByteView(cv).subspan(4));
    REQUIRE(server_cv.ok());
    CHECK(server_cv->scheme == 0x0403);
    const auto server_key = leaf_of(cert).load_subject_public_key();
    const Bytes th_cert = hash_of("SHA-256", cat({ch, sh, ee, cr, cert}));
    CHECK(verify_signature(server_cv->scheme, *server_key,
                           certificate_verify_content(true, th_cert), server_cv->signature)
              .ok());
    const Bytes th_without_request = hash_of("SHA-256", cat({ch, sh, ee, cert}));
    CHECK_FALSE(verify_signature(server_cv->scheme, *server_key,
                                 certificate_verify_content(true, th_without_request),
                                 server_cv->signature)
                    .ok());
    const Bytes th_cv = hash_of("SHA-256", cat({ch, sh, ee, cr, cert, cv}));
    CHECK(serialize_finished(ks.finished_verify_data(s_hs, th_cv)) == sf);

    // Application secrets at the server's Finished.
    const Bytes th_sf = hash_of("SHA-256", cat({ch, sh, ee, cr, cert, cv, sf}));
    ks.derive_master();
    CHECK(to_hex(ks.client_application_traffic_secret(th_sf)) == rfc8448::k_A_ClientAppTraffic);
    CHECK(to_hex(ks.server_application_traffic_secret(th_sf)) == rfc8448::k_A_ServerAppTraffic);
    CHECK(to_hex(ks.exporter_master_secret(th_sf)) == rfc8448::k_A_ExporterSecret);

    // The client's RSA-PSS signature over the content we compute, with the key
    // of its certificate; then its Finished and the resumption secret.
    const Bytes ccert = hx(rfc8448::k_A_ClientCertificate);
    const Bytes ccv = hx(rfc8448::k_A_ClientCertificateVerify);
    auto client_cv = parse_certificate_verify(ByteView(ccv).subspan(4));
    REQUIRE(client_cv.ok());
    const auto client_key = leaf_of(ccert).load_subject_public_key();
    const Bytes th_ccert = hash_of("SHA-256", cat({ch, sh, ee, cr, cert, cv, sf, ccert}));
    CHECK(verify_signature(client_cv->scheme, *client_key,
                           certificate_verify_content(false, th_ccert), client_cv->signature)
              .ok());
    CHECK_FALSE(verify_signature(client_cv->scheme, *client_key,
                                 certificate_verify_content(true, th_ccert), client_cv->signature)
                    .ok());
    const Bytes th_ccv = hash_of("SHA-256", cat({ch, sh, ee, cr, cert, cv, sf, ccert, ccv}));
    const Bytes cf = serialize_finished(ks.finished_verify_data(c_hs, th_ccv));
    CHECK(to_hex(cf) == rfc8448::k_A_ClientFinished);
    const Bytes th_cf = hash_of("SHA-256", cat({ch, sh, ee, cr, cert, cv, sf, ccert, ccv, cf}));
    CHECK(to_hex(ks.resumption_master_secret(th_cf)) == rfc8448::k_A_ResumptionSecret);
}
