// SPDX-License-Identifier: GPL-2.0-or-later
#include "cipher_names.hpp"
#include "lab_policy.hpp"

#include <botan/tls_ciphersuite.h>
#include <catch2/catch.hpp>

using tlsctl::LabPolicy;
using tlsctl::PolicySettings;

TEST_CASE("-cipher AES128-SHA gives exactly RSA key exchange, CBC, SHA-1", "[policy]") {
    PolicySettings settings;
    settings.suites = tlsctl::parse_cipher_list("AES128-SHA").value();
    LabPolicy policy(settings);
    const auto list = policy.ciphersuite_list(Botan::TLS::Protocol_Version::TLS_V12, false);
    REQUIRE(list == std::vector<uint16_t>{0x002F});
    CHECK(policy.allowed_key_exchange_methods() == std::vector<std::string>{"RSA"});
    CHECK(policy.allowed_macs() == std::vector<std::string>{"SHA-1"});
    CHECK(policy.acceptable_ciphersuite(Botan::TLS::Ciphersuite::by_id(0x002F)));
    CHECK_FALSE(policy.acceptable_ciphersuite(Botan::TLS::Ciphersuite::by_id(0xC02F)));
}

TEST_CASE("-no_dhe drops the DHE suites only", "[policy]") {
    PolicySettings settings;
    settings.no_dhe = true;
    LabPolicy policy(settings);
    for (uint16_t code : policy.suites())
        CHECK(Botan::TLS::Ciphersuite::by_id(code).kex_algo() != "DH");
    CHECK(std::find(policy.suites().begin(), policy.suites().end(), 0xC02F) !=
          policy.suites().end());
}

TEST_CASE("client certificates: asked, required, revocation off", "[policy]") {
    PolicySettings ask;
    ask.request_client_cert = true;
    LabPolicy asking(ask);
    CHECK(asking.request_client_certificate_authentication());
    CHECK_FALSE(asking.require_client_certificate_authentication());
    PolicySettings need;
    need.require_client_cert = true;
    LabPolicy requiring(need);
    CHECK(requiring.request_client_certificate_authentication());
    CHECK(requiring.require_client_certificate_authentication());
    CHECK_FALSE(requiring.require_cert_revocation_info());
    CHECK_FALSE(requiring.allow_tls11());
}
