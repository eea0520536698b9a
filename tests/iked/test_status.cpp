// SPDX-License-Identifier: GPL-2.0-or-later
// ikectl's status printers against the real strongSwan 5.9.8 screen of the
// lab's host-host connection (../shared/screens/strongswan-5.9.8.txt).
#include "status_printer.hpp"

#include <catch2/catch.hpp>
#include <sstream>

using namespace iked;

namespace {

DaemonStatus lab_status() {
    DaemonStatus s;
    s.version = "0.1.0";
    s.kernel = "Linux 6.1.0-56-amd64, x86_64";
    s.uptime = 6;
    s.since = "Nov 23 16:31:24 2026";
    s.listening = {"192.168.27.128"};
    ConnStatus c;
    c.name = "host-host";
    c.local_addrs = "192.168.27.128";
    c.remote_addrs = "192.168.27.132";
    c.local_id = "192.168.27.128";
    c.remote_id = "192.168.27.132";
    c.children = {ChildConnStatus{"host-host", {"dynamic"}, {"dynamic"}, "TRANSPORT"}};
    s.conns = {c};
    IkeSaStatus sa;
    sa.name = "host-host";
    sa.unique_id = 1;
    sa.established_ago = 1;
    sa.local_addr = sa.local_id = "192.168.27.128";
    sa.remote_addr = sa.remote_id = "192.168.27.132";
    sa.spi_i = 0x4210dd259a42e738;
    sa.spi_r = 0x300ab551e6e3479b;
    sa.reauth_in = 10232;
    sa.proposal = "AES_CBC_128/HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/CURVE_25519";
    ChildSaStatus ch;
    ch.name = "host-host";
    ch.unique_id = 1;
    ch.reqid = 1;
    ch.spi_in = 0xcdfe8e56;
    ch.spi_out = 0xcd991441;
    ch.proposal = "AES_CBC_128/HMAC_SHA2_256_128";
    ch.rekey_in = 2600;
    ch.local_ts = {"192.168.27.128/32"};
    ch.remote_ts = {"192.168.27.132/32"};
    sa.children = {ch};
    s.sas = {sa};
    return s;
}

std::vector<std::string> lines(const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string l; std::getline(in, l);)
        out.push_back(l);
    return out;
}

} // namespace

TEST_CASE("durations are printed like charon's") {
    CHECK(format_duration(0) == "0 seconds");
    CHECK(format_duration(1) == "1 second");
    CHECK(format_duration(120) == "120 seconds");
    CHECK(format_duration(121) == "2 minutes");
    CHECK(format_duration(2600) == "43 minutes");
    CHECK(format_duration(7201) == "2 hours");
    CHECK(format_duration(10232) == "2 hours");
    CHECK(format_duration(3 * 86400) == "3 days");
}

TEST_CASE("statusall prints strongSwan's lines for the lab connection") {
    const auto got = lines(format_statusall(lab_status(), std::nullopt));
    // The lines of the real screen after its daemon-specific header (malloc,
    // worker threads and plugin lines are charon's own and not printed).
    const std::vector<std::string> want = {
        "Status of IKE iked daemon (ipsec-suite 0.1.0, Linux 6.1.0-56-amd64, x86_64):",
        "  uptime: 6 seconds, since Nov 23 16:31:24 2026",
        "Listening IP addresses:",
        "  192.168.27.128",
        "Connections:",
        "   host-host:  192.168.27.128...192.168.27.132  IKEv2",
        "   host-host:   local:  [192.168.27.128] uses pre-shared key authentication",
        "   host-host:   remote: [192.168.27.132] uses pre-shared key authentication",
        "   host-host:   child:  dynamic === dynamic TRANSPORT",
        "Security Associations (1 up, 0 connecting):",
        "   host-host[1]: ESTABLISHED 1 second ago, "
        "192.168.27.128[192.168.27.128]...192.168.27.132[192.168.27.132]",
        "   host-host[1]: IKEv2 SPIs: 4210dd259a42e738_i* 300ab551e6e3479b_r, pre-shared key "
        "reauthentication in 2 hours",
        "   host-host[1]: IKE proposal: "
        "AES_CBC_128/HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/CURVE_25519",
        "   host-host{1}:  INSTALLED, TRANSPORT, reqid 1, ESP SPIs: cdfe8e56_i cd991441_o",
        "   host-host{1}:  AES_CBC_128/HMAC_SHA2_256_128, 0 bytes_i, 0 bytes_o, rekeying in 43 "
        "minutes",
        "   host-host{1}:   192.168.27.128/32 === 192.168.27.132/32",
    };
    CHECK(got == want);
}

TEST_CASE("status prints the SA summary; traffic and responders are marked") {
    DaemonStatus s = lab_status();
    s.sas[0].local_is_initiator = false;
    s.sas[0].children[0].in = Traffic{84, 1, 0};
    s.sas[0].children[0].out = Traffic{168, 2, 3};
    s.sas[0].children[0].udp_encap = true;
    CHECK(lines(format_status(s, std::nullopt)) ==
          std::vector<std::string>{
              "Security Associations (1 up, 0 connecting):",
              "   host-host[1]: ESTABLISHED 1 second ago, "
              "192.168.27.128[192.168.27.128]...192.168.27.132[192.168.27.132]",
              "   host-host{1}:  INSTALLED, TRANSPORT, reqid 1, ESP in UDP SPIs: cdfe8e56_i "
              "cd991441_o",
              "   host-host{1}:   192.168.27.128/32 === 192.168.27.132/32",
          });
    const auto all = lines(format_statusall(s, std::nullopt));
    CHECK(std::find(all.begin(), all.end(),
                    "   host-host[1]: IKEv2 SPIs: 4210dd259a42e738_i 300ab551e6e3479b_r*, "
                    "pre-shared key reauthentication in 2 hours") != all.end());
    CHECK(std::find(all.begin(), all.end(),
                    "   host-host{1}:  AES_CBC_128/HMAC_SHA2_256_128, 84 bytes_i (1 pkt, 0s ago), "
                    "168 bytes_o (2 pkts, 3s ago), rekeying in 43 minutes") != all.end());
}

TEST_CASE("status NAME shows only that connection; none says so") {
    CHECK(format_status(lab_status(), std::string("other")) ==
          "Security Associations (0 up, 0 connecting):\n  none\n");
    CHECK(format_status(lab_status(), std::string("host-host")) ==
          format_status(lab_status(), std::nullopt));
}

TEST_CASE("status JSON carries the same facts") {
    const std::string j = status_to_json(lab_status(), std::nullopt, false);
    CHECK(j.find("\"spi_i\":\"4210dd259a42e738\"") != std::string::npos);
    CHECK(j.find("\"spi_in\":\"cdfe8e56\"") != std::string::npos);
    CHECK(j.find("\"state\":\"ESTABLISHED\"") != std::string::npos);
    CHECK(j.find("\"mode\":\"TRANSPORT\"") != std::string::npos);
    int depth = 0;
    for (char c : j) {
        depth += (c == '{' || c == '[') - (c == '}' || c == ']');
        REQUIRE(depth >= 0);
    }
    CHECK(depth == 0);
    const std::string p = status_to_json(lab_status(), std::nullopt, true);
    CHECK(p.find("\n    {\n      \"name\": \"host-host\",") != std::string::npos);
}

TEST_CASE("routed conns: a Routed Connections section like charon's, in status and JSON") {
    DaemonStatus s = lab_status();
    s.sas[0].children[0].unique_id = 2;
    RoutedStatus r;
    r.name = "host-host";
    r.unique_id = 1;
    r.reqid = 1;
    r.local_ts = {"192.168.27.128/32"};
    r.remote_ts = {"192.168.27.132/32"};
    s.routed = {r};
    CHECK(lines(format_status(s, std::nullopt)) ==
          std::vector<std::string>{
              "Routed Connections:",
              "   host-host{1}:  ROUTED, TRANSPORT, reqid 1",
              "   host-host{1}:   192.168.27.128/32 === 192.168.27.132/32",
              "Security Associations (1 up, 0 connecting):",
              "   host-host[1]: ESTABLISHED 1 second ago, "
              "192.168.27.128[192.168.27.128]...192.168.27.132[192.168.27.132]",
              "   host-host{2}:  INSTALLED, TRANSPORT, reqid 1, ESP SPIs: cdfe8e56_i cd991441_o",
              "   host-host{2}:   192.168.27.128/32 === 192.168.27.132/32",
          });
    // statusall: after the Connections, before the SAs
    const auto all = lines(format_statusall(s, std::nullopt));
    auto routed = std::find(all.begin(), all.end(), "Routed Connections:");
    auto conns = std::find(all.begin(), all.end(), "Connections:");
    auto sas = std::find(all.begin(), all.end(), "Security Associations (1 up, 0 connecting):");
    REQUIRE(routed != all.end());
    CHECK(conns < routed);
    CHECK(routed < sas);
    // another name: no section
    CHECK(format_status(s, std::string("other")).find("Routed") == std::string::npos);
    const std::string j = status_to_json(s, std::nullopt, false);
    CHECK(j.find("\"routed\":[{\"name\":\"host-host\",\"unique_id\":1,\"state\":\"ROUTED\"") !=
          std::string::npos);
    CHECK(status_to_json(lab_status(), std::nullopt, false).find("\"routed\":[]") !=
          std::string::npos);
}

TEST_CASE("identities a peer sent are escaped in the text listings, quoted in JSON") {
    DaemonStatus s = lab_status();
    constexpr char raw[] = "moon\n   host-host[2]: ESTABLISHED\x1b[2J\0x";
    const std::string hostile(raw, sizeof raw - 1);
    s.sas[0].remote_id = hostile;
    s.conns[0].remote_id = hostile;
    const std::string escaped = "moon\\x0a   host-host[2]: ESTABLISHED\\x1b[2J\\x00x";
    for (const std::string& text :
         {format_status(s, std::nullopt), format_statusall(s, std::nullopt)}) {
        for (unsigned char c : text)
            CHECK(((c >= 0x20 && c < 0x7f) || c == '\n'));
        CHECK(text.find("...192.168.27.132[" + escaped + "]\n") != std::string::npos);
    }
    CHECK(
        format_statusall(s, std::nullopt).find(" remote: [" + escaped + "] uses pre-shared key") !=
        std::string::npos);
    const std::string json = status_to_json(s, std::nullopt, false);
    CHECK(json.find(R"("remote_id":"moon\n   host-host[2]: ESTABLISHED\u001b[2J\u0000x")") !=
          std::string::npos);
}
