// SPDX-License-Identifier: GPL-2.0-or-later
#include "cert_builder.hpp"
#include "subject.hpp"

#include <botan/pkix_types.h>
#include <botan/x509self.h>
#include <catch2/catch.hpp>

using tlsctl::parse_subject;

TEST_CASE("-subj is parsed in order, with escaped slashes", "[subject]") {
    auto fields = parse_subject("/C=IT/ST=Torino/O=Lab\\/Net/CN=server.lab");
    REQUIRE(fields.ok());
    REQUIRE(fields->size() == 4);
    CHECK((*fields)[0] == std::pair<std::string, std::string>{"C", "IT"});
    CHECK((*fields)[2].second == "Lab/Net");
    CHECK((*fields)[3] == std::pair<std::string, std::string>{"CN", "server.lab"});
}

TEST_CASE("bad -subj input is refused with the reason", "[subject]") {
    CHECK_FALSE(parse_subject("CN=x").ok());
    auto no_eq = parse_subject("/CN");
    REQUIRE_FALSE(no_eq.ok());
    CHECK(no_eq.error().message.find("NAME=VALUE") != std::string::npos);
    auto unknown = parse_subject("/XX=1");
    REQUIRE_FALSE(unknown.ok());
    CHECK(unknown.error().message.find("'XX'") != std::string::npos);
    CHECK_FALSE(parse_subject("/C=Italy").ok());
    CHECK_FALSE(parse_subject("/").ok());
}

TEST_CASE("empty values are skipped, as openssl does", "[subject]") {
    auto fields = parse_subject("/C=/CN=x");
    REQUIRE(fields.ok());
    CHECK(fields->size() == 1);
}

TEST_CASE("subject fields reach Botan's options and print openssl-style", "[subject]") {
    auto fields = parse_subject("/C=IT/O=Lab/OU=One/OU=Two/CN=server.lab");
    REQUIRE(fields.ok());
    Botan::X509_Cert_Options opts;
    tlsctl::apply_subject(*fields, opts);
    CHECK(opts.country == "IT");
    CHECK(opts.organization == "Lab");
    CHECK(opts.org_unit == "One");
    CHECK(opts.more_org_units == std::vector<std::string>{"Two"});
    CHECK(opts.common_name == "server.lab");

    Botan::X509_DN dn;
    dn.add_attribute("X520.Country", "IT");
    dn.add_attribute("X520.CommonName", "server.lab");
    CHECK(tlsctl::format_dn_oneline(dn) == "C = IT, CN = server.lab");
    CHECK(tlsctl::format_dn_slashes(dn) == "/C=IT/CN=server.lab");
    CHECK(tlsctl::dn_field(dn, "CN") == "server.lab");
    CHECK(tlsctl::dn_field(dn, "O").empty());
}

TEST_CASE("certificates keep the order of -subj, as openssl does", "[subject]") {
    auto fields = parse_subject("/C=IT/ST=Torino/O=Lab/CN=server.lab");
    REQUIRE(fields.ok());
    CHECK(tlsctl::format_dn_oneline(tlsctl::make_dn(*fields)) ==
          "C = IT, ST = Torino, O = Lab, CN = server.lab");
}
