// SPDX-License-Identifier: GPL-2.0-or-later
// AUTH payload data: the signed octets and PSK AUTH (RFC 7296 2.15) and the
// RFC 7427 digital signature encoding with RSA and ECDSA keys.
#include "ike/crypto/botan_rng_adapter.hpp"
#include "ike/crypto/psk_auth.hpp"
#include "ike/crypto/signature_auth.hpp"
#include "support/deterministic_rng.hpp"
#include "test_util.hpp"

#include <botan/ec_group.h>
#include <botan/ecdsa.h>
#include <botan/mac.h>
#include <botan/rsa.h>
#include <botan/x509_key.h>
#include <catch2/catch.hpp>
#include <fstream>
#include <map>

using namespace ipsec::ike::crypto;
using ipsec::ike::crypto::test::hex;

namespace {

Bytes hmac256(ByteView key, ByteView data) {
    auto mac = Botan::MessageAuthenticationCode::create_or_throw("HMAC(SHA-256)");
    mac->set_key(key.data(), key.size());
    mac->update(data.data(), data.size());
    auto out = mac->final();
    return Bytes(out.begin(), out.end());
}

} // namespace

TEST_CASE("signed octets are RealMessage | Nonce | prf(SK_p, IDx')", "[auth]") {
    const Bytes message = hex("4210dd259a42e7380000000000000000212022080000000000000100");
    const Bytes nonce = hex("0102030405060708090a0b0c0d0e0f10");
    const Bytes sk_p = hex("00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff");
    const Bytes id_body = hex("01000000c0a81b80"); // ID_IPV4_ADDR 192.168.27.128
    auto octets = signed_octets(PrfId::hmac_sha2_256, message, nonce, sk_p, id_body);
    REQUIRE(octets.ok());
    CHECK(*octets == concat({message, nonce, hmac256(sk_p, id_body)}));

    auto bad = signed_octets(PrfId::hmac_sha2_256, message, nonce, sk_p, hex("01"));
    REQUIRE_FALSE(bad.ok());
    CHECK_THAT(bad.error().message, Catch::Contains("ID payload body of 1 bytes"));
}

TEST_CASE("PSK AUTH = prf(prf(secret, \"Key Pad for IKEv2\"), octets)", "[auth]") {
    const std::string secret = "this is a lab secret";
    const Bytes octets = hex("deadbeef00112233");
    auto auth = psk_auth(PrfId::hmac_sha2_256, as_bytes(secret), octets);
    REQUIRE(auth.ok());
    CHECK(kKeyPad.size() == 17);
    CHECK(*auth == hmac256(hmac256(as_bytes(secret), as_bytes("Key Pad for IKEv2")), octets));

    CHECK(verify_psk_auth(PrfId::hmac_sha2_256, as_bytes(secret), octets, *auth).ok());
    auto wrong = verify_psk_auth(PrfId::hmac_sha2_256, as_bytes("other secret"), octets, *auth);
    REQUIRE_FALSE(wrong.ok());
    CHECK(wrong.error().code == 24); // AUTHENTICATION_FAILED
    CHECK_FALSE(
        verify_psk_auth(PrfId::hmac_sha2_256, as_bytes(secret), octets, ByteView(*auth).first(16))
            .ok());
    CHECK_FALSE(psk_auth(PrfId::hmac_sha2_256, {}, octets).ok());
}

TEST_CASE("RFC 7427 AlgorithmIdentifiers", "[auth][rfc7427]") {
    CHECK(to_hex(algorithm_identifier(SignatureScheme::rsa_pkcs1_sha256)) ==
          "300d06092a864886f70d01010b0500");
    CHECK(to_hex(algorithm_identifier(SignatureScheme::rsa_pkcs1_sha384)) ==
          "300d06092a864886f70d01010c0500");
    CHECK(to_hex(algorithm_identifier(SignatureScheme::rsa_pkcs1_sha512)) ==
          "300d06092a864886f70d01010d0500");
    CHECK(to_hex(algorithm_identifier(SignatureScheme::ecdsa_sha256)) ==
          "300a06082a8648ce3d040302");
    CHECK(to_hex(algorithm_identifier(SignatureScheme::ecdsa_sha384)) ==
          "300a06082a8648ce3d040303");
    CHECK(to_hex(algorithm_identifier(SignatureScheme::ecdsa_sha512)) ==
          "300a06082a8648ce3d040304");
    // id-RSASSA-PSS with SHA-256, MGF1(SHA-256), salt length 32.
    CHECK(to_hex(algorithm_identifier(SignatureScheme::rsa_pss_sha256)) ==
          "304106092a864886f70d01010a3034a00f300d06096086480165030402010500a11c301a06092a8648"
          "86f70d010108300d06096086480165030402010500a203020120");
    CHECK(signature_hash(SignatureScheme::rsa_pss_sha384) == HashAlgorithm::sha2_384);
}

TEST_CASE("signature AUTH data encode and parse", "[auth][rfc7427]") {
    const Bytes signature = hex("0102030405");
    Bytes data = encode_signature_auth(SignatureScheme::ecdsa_sha384, signature);
    CHECK(to_hex(data) == "0c300a06082a8648ce3d0403030102030405");
    auto parsed = parse_signature_auth(data);
    REQUIRE(parsed.ok());
    CHECK(parsed->scheme == SignatureScheme::ecdsa_sha384);
    CHECK(parsed->signature == signature);

    auto unknown = parse_signature_auth(hex("0b300906072a8648ce3d040101"));
    REQUIRE_FALSE(unknown.ok());
    CHECK_THAT(unknown.error().message,
               Catch::Contains("unsupported AlgorithmIdentifier 300906072a8648ce3d0401"));
    auto truncated = parse_signature_auth(hex("0f300d06092a864886f70d01"));
    REQUIRE_FALSE(truncated.ok());
    CHECK_THAT(truncated.error().message,
               Catch::Contains("AlgorithmIdentifier length 15 but only 11 octets follow"));
    CHECK_FALSE(parse_signature_auth(algorithm_identifier(SignatureScheme::rsa_pkcs1_sha256)).ok());
}

TEST_CASE("sign and verify AUTH with RSA and ECDSA keys", "[auth][rfc7427]") {
    DeterministicRng rng(2024);
    BotanRngAdapter botan_rng(rng);
    Botan::RSA_PrivateKey rsa(botan_rng, 2048);
    Botan::ECDSA_PrivateKey ecdsa(botan_rng, Botan::EC_Group("secp256r1"));
    Botan::ECDSA_PrivateKey other(botan_rng, Botan::EC_Group("secp256r1"));
    const Bytes octets = hex("00112233445566778899aabbccddeeff");

    struct Case {
        SignatureScheme scheme;
        const Botan::Private_Key* key;
    };
    const Case cases[] = {
        {SignatureScheme::rsa_pkcs1_sha256, &rsa}, {SignatureScheme::rsa_pkcs1_sha384, &rsa},
        {SignatureScheme::rsa_pkcs1_sha512, &rsa}, {SignatureScheme::rsa_pss_sha256, &rsa},
        {SignatureScheme::rsa_pss_sha384, &rsa},   {SignatureScheme::rsa_pss_sha512, &rsa},
        {SignatureScheme::ecdsa_sha256, &ecdsa},   {SignatureScheme::ecdsa_sha384, &ecdsa},
        {SignatureScheme::ecdsa_sha512, &ecdsa},
    };
    for (const Case& c : cases) {
        CAPTURE(std::string(signature_scheme_name(c.scheme)));
        auto auth = sign_auth(c.scheme, *c.key, octets, rng);
        REQUIRE(auth.ok());
        auto parsed = parse_signature_auth(*auth);
        REQUIRE(parsed.ok());
        CHECK(parsed->scheme == c.scheme);
        if (c.key == &rsa)
            CHECK(parsed->signature.size() == 256);
        CHECK(verify_auth(*c.key, *auth, octets).ok());

        Bytes changed = octets;
        changed[0] ^= 1;
        auto bad = verify_auth(*c.key, *auth, changed);
        REQUIRE_FALSE(bad.ok());
        CHECK(bad.error().code == 24);
    }
    auto wrong_key =
        verify_auth(other, *sign_auth(SignatureScheme::ecdsa_sha256, ecdsa, octets, rng), octets);
    CHECK_FALSE(wrong_key.ok());
    auto wrong_type = sign_auth(SignatureScheme::rsa_pkcs1_sha256, ecdsa, octets, rng);
    REQUIRE_FALSE(wrong_type.ok());
    CHECK_THAT(wrong_type.error().message, Catch::Contains("a ECDSA key cannot make"));
    auto mismatch =
        verify_auth(rsa, *sign_auth(SignatureScheme::ecdsa_sha256, ecdsa, octets, rng), octets);
    REQUIRE_FALSE(mismatch.ok());
    CHECK_THAT(mismatch.error().message, Catch::Contains("peer's key is RSA"));
}

namespace {

std::map<std::string, Bytes> read_hex_file(const std::string& path) {
    std::ifstream in(path);
    REQUIRE(in.good());
    std::map<std::string, Bytes> out;
    std::string line;
    while (std::getline(in, line)) {
        if (line.empty() || line[0] == '#')
            continue;
        std::size_t eq = line.find(" = ");
        REQUIRE(eq != std::string::npos);
        out[line.substr(0, eq)] = hex(line.substr(eq + 3));
    }
    return out;
}

} // namespace

TEST_CASE("signatures made by OpenSSL verify through RFC 7427 AUTH data", "[auth][rfc7427]") {
    const std::string dir = IKE_CRYPTO_DATA_DIR;
    auto values = read_hex_file(dir + "/openssl-signatures.txt");
    std::unique_ptr<Botan::Public_Key> rsa(Botan::X509::load_key(dir + "/rsa-pub.pem"));
    std::unique_ptr<Botan::Public_Key> ecdsa(Botan::X509::load_key(dir + "/ecdsa-p384-pub.pem"));
    REQUIRE(rsa);
    REQUIRE(ecdsa);
    const Bytes& message = values.at("message");
    struct Case {
        SignatureScheme scheme;
        const char* name;
        const Botan::Public_Key* key;
    };
    for (const Case& c : {Case{SignatureScheme::rsa_pkcs1_sha256, "rsa-pkcs1-sha256", rsa.get()},
                          Case{SignatureScheme::rsa_pss_sha512, "rsa-pss-sha512", rsa.get()},
                          Case{SignatureScheme::ecdsa_sha384, "ecdsa-sha384", ecdsa.get()}}) {
        CAPTURE(c.name);
        Bytes auth = encode_signature_auth(c.scheme, values.at(c.name));
        CHECK(verify_auth(*c.key, auth, message).ok());
        Bytes other = message;
        other.back() ^= 1;
        CHECK_FALSE(verify_auth(*c.key, auth, other).ok());
    }
    // The same RSA signature claimed under another hash does not verify.
    CHECK_FALSE(verify_auth(*rsa,
                            encode_signature_auth(SignatureScheme::rsa_pkcs1_sha384,
                                                  values.at("rsa-pkcs1-sha256")),
                            message)
                    .ok());
}

TEST_CASE("RSASSA-PSS AlgorithmIdentifiers in other encodings are decoded", "[auth][rfc7427]") {
    const std::string dir = IKE_CRYPTO_DATA_DIR;
    auto values = read_hex_file(dir + "/openssl-signatures.txt");
    std::unique_ptr<Botan::Public_Key> rsa(Botan::X509::load_key(dir + "/rsa-pub.pem"));
    REQUIRE(rsa);
    // SHA-256 AlgorithmIdentifiers without NULL parameters, salt length 20.
    const Bytes alg = hex("303d06092a864886f70d01010a3030a00d300b0609608648016503040201a11a3018"
                          "06092a864886f70d010108300b0609608648016503040201a203020114");
    Bytes auth = concat(
        {Bytes{static_cast<std::uint8_t>(alg.size())}, alg, values.at("rsa-pss-sha256-salt20")});
    auto parsed = parse_signature_auth(auth);
    REQUIRE(parsed.ok());
    CHECK(parsed->scheme == SignatureScheme::rsa_pss_sha256);
    CHECK(parsed->pss_salt_length == 20);
    CHECK(verify_auth(*rsa, auth, values.at("message")).ok());
    // The same signature under our default salt length (32) does not verify.
    CHECK_FALSE(verify_auth(*rsa,
                            encode_signature_auth(SignatureScheme::rsa_pss_sha256,
                                                  values.at("rsa-pss-sha256-salt20")),
                            values.at("message"))
                    .ok());
    // MGF1 with another hash than the message hash is not accepted.
    Bytes mixed = alg;
    mixed[mixed.size() - 6] = 0x02; // MGF1's hash becomes SHA-384
    auto refused = parse_signature_auth(
        concat({Bytes{static_cast<std::uint8_t>(mixed.size())}, mixed, Bytes{1, 2, 3}}));
    REQUIRE_FALSE(refused.ok());
    CHECK_THAT(refused.error().message, Catch::Contains("unsupported AlgorithmIdentifier"));
}
