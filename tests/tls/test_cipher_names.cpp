// SPDX-License-Identifier: GPL-2.0-or-later
#include "cipher_names.hpp"

#include <botan/tls_ciphersuite.h>
#include <catch2/catch.hpp>

using tlsctl::cipher_columns;
using tlsctl::openssl_cipher_name;
using tlsctl::openssl_cipher_version;
using tlsctl::parse_cipher_list;

TEST_CASE("openssl names of Botan's suites (IANA codes)", "[ciphers]") {
    CHECK(openssl_cipher_name(0x002F) == "AES128-SHA");
    CHECK(openssl_cipher_name(0x0035) == "AES256-SHA");
    CHECK(openssl_cipher_name(0x009C) == "AES128-GCM-SHA256");
    CHECK(openssl_cipher_name(0x003C) == "AES128-SHA256");
    CHECK(openssl_cipher_name(0xC02F) == "ECDHE-RSA-AES128-GCM-SHA256");
    CHECK(openssl_cipher_name(0xC030) == "ECDHE-RSA-AES256-GCM-SHA384");
    CHECK(openssl_cipher_name(0xC02B) == "ECDHE-ECDSA-AES128-GCM-SHA256");
    CHECK(openssl_cipher_name(0xC009) == "ECDHE-ECDSA-AES128-SHA");
    CHECK(openssl_cipher_name(0xCCA8) == "ECDHE-RSA-CHACHA20-POLY1305");
    CHECK(openssl_cipher_name(0x009E) == "DHE-RSA-AES128-GCM-SHA256");
    CHECK(openssl_cipher_name(0x000A) == "DES-CBC3-SHA");
    CHECK(openssl_cipher_name(0xFFFF).empty());
}

TEST_CASE("cipher lists keep the order given", "[ciphers]") {
    auto codes = parse_cipher_list("AES128-SHA:ECDHE-ECDSA-AES128-GCM-SHA256");
    REQUIRE(codes.ok());
    CHECK(*codes == std::vector<uint16_t>{0x002F, 0xC02B});
    auto spaced = parse_cipher_list("AES128-SHA, AES256-SHA");
    REQUIRE(spaced.ok());
    CHECK(spaced->size() == 2);
}

TEST_CASE("keywords and removals", "[ciphers]") {
    auto all = parse_cipher_list("ALL");
    REQUIRE(all.ok());
    CHECK(*all == tlsctl::default_cipher_codes());
    auto minus = parse_cipher_list("ALL:!AES128-SHA");
    REQUIRE(minus.ok());
    CHECK(minus->size() == all->size() - 1);
    CHECK(std::find(minus->begin(), minus->end(), 0x002F) == minus->end());
}

TEST_CASE("unknown names and empty results are errors", "[ciphers]") {
    auto unknown = parse_cipher_list("AES128-SHA:TLS_AES_128_GCM_SHA256");
    REQUIRE_FALSE(unknown.ok());
    CHECK(unknown.error().message.find("'TLS_AES_128_GCM_SHA256'") != std::string::npos);
    CHECK_FALSE(parse_cipher_list("AES128-SHA:!AES128-SHA").ok());
    CHECK_FALSE(parse_cipher_list("").ok());
}

TEST_CASE("the default list is openssl's order and every name maps back", "[ciphers]") {
    const auto codes = tlsctl::default_cipher_codes();
    REQUIRE(codes.size() >= 20);
    CHECK(openssl_cipher_name(codes.front()) == "ECDHE-ECDSA-AES256-GCM-SHA384");
    CHECK(openssl_cipher_name(codes.back()) == "AES128-SHA");
    for (uint16_t code : codes) {
        auto back = parse_cipher_list(openssl_cipher_name(code));
        REQUIRE(back.ok());
        CHECK(back->front() == code);
    }
}

TEST_CASE("the -www page's cipher layout", "[ciphers]") {
    CHECK(openssl_cipher_version("ECDHE-RSA-AES128-GCM-SHA256") == "TLSv1.2");
    CHECK(openssl_cipher_version("AES256-SHA256") == "TLSv1.2");
    CHECK(openssl_cipher_version("ECDHE-ECDSA-AES128-SHA") == "TLSv1.0");
    CHECK(openssl_cipher_version("DHE-RSA-AES256-SHA") == "SSLv3");
    CHECK(openssl_cipher_version("AES128-SHA") == "SSLv3");
    CHECK(cipher_columns({}).empty());
    CHECK(cipher_columns({"A"}) == "A\n");
    CHECK(cipher_columns({"A", "B", "C", "D"}) == "A" + std::string(25, ' ') + " B" +
                                                      std::string(25, ' ') + " C" +
                                                      std::string(25, ' ') + "\nD\n");
}
