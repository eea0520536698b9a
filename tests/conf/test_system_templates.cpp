// SPDX-License-Identifier: GPL-2.0-or-later
// Debian's own /etc/ipsec.conf and /etc/ipsec.secrets (installed by the strongswan
// package) parse without errors.
#include "conf/ipsec_conf.hpp"
#include "conf/ipsec_secrets.hpp"
#include "conf/system_file_reader.hpp"

#include <catch2/catch.hpp>
#include <fstream>

using namespace ipsec::conf;

namespace {

bool exists(const char* path) {
    return std::ifstream(path).good();
}

} // namespace

TEST_CASE("Debian's /etc/ipsec.conf template parses", "[conf][system]") {
    if (!exists("/etc/ipsec.conf")) {
        WARN("skipped: /etc/ipsec.conf is absent (install Debian's strongswan-starter)");
        return;
    }
    SystemFileReader files;
    auto conf = parse_ipsec_conf(files, "/etc/ipsec.conf");
    INFO((conf.ok() ? std::string() : conf.error().message));
    REQUIRE(conf.ok());
    for (const auto& warning : conf->warnings)
        WARN(warning.to_string());
}

TEST_CASE("Debian's /etc/ipsec.secrets template parses", "[conf][system]") {
    if (!exists("/etc/ipsec.secrets")) {
        WARN("skipped: /etc/ipsec.secrets is absent (install Debian's strongswan-starter)");
        return;
    }
    SystemFileReader files;
    auto secrets = parse_ipsec_secrets(files, "/etc/ipsec.secrets");
    if (!secrets.ok() && secrets.error().domain == ipsec::ErrorDomain::os) {
        WARN("skipped: /etc/ipsec.secrets is not readable here: " + secrets.error().to_string());
        return;
    }
    INFO((secrets.ok() ? std::string() : secrets.error().message));
    REQUIRE(secrets.ok());
    for (const auto& warning : secrets->warnings)
        WARN(warning.to_string());
}
