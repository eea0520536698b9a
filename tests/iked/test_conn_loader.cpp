// SPDX-License-Identifier: GPL-2.0-or-later
// ipsec.conf conns to the engine's PeerConfig: which end is local, the PSK
// lookup, type/subnets/proposals/lifetimes, and conns left out with file:line.
#include "conf/memory_file_reader.hpp"
#include "conn_loader.hpp"

#include <catch2/catch.hpp>

using namespace iked;
namespace conf = ipsec::conf;
namespace eng = ipsec::ike::engine;

namespace {

LoadResult load(const std::string& text, const std::string& secrets, const std::string& local) {
    conf::MemoryFileReader files;
    files.add("/etc/ipsec.conf", text);
    files.add("/etc/ipsec.secrets", secrets);
    auto c = conf::parse_ipsec_conf(files, "/etc/ipsec.conf");
    REQUIRE(c);
    auto s = conf::parse_ipsec_secrets(files, "/etc/ipsec.secrets");
    REQUIRE(s);
    return load_conns(*c, *s, {*ipxf::Address::parse(local)});
}

const std::string k_host_host = "conn host-host\n"
                                "    keyexchange=ikev2\n"
                                "    authby=secret\n"
                                "    type=transport\n"
                                "    left=192.168.27.128\n"
                                "    right=192.168.27.132\n"
                                "    auto=add\n";
const std::string k_secrets = "192.168.27.128 192.168.27.132 : PSK \"lab-psk\"\n";

} // namespace

TEST_CASE("the lab's host-host on alice: left is local") {
    auto r = load(k_host_host, k_secrets, "192.168.27.128");
    REQUIRE(r.problems.empty());
    REQUIRE(r.conns.size() == 1);
    const auto& p = r.conns[0].peer;
    CHECK(p.name == "host-host");
    CHECK(p.local.address.to_string() == "192.168.27.128");
    CHECK(p.remote.address.to_string() == "192.168.27.132");
    CHECK(p.psk == ipsec::ike::engine::secret_bytes("lab-psk"));
    REQUIRE(p.children.size() == 1);
    CHECK(p.children[0].mode == eng::ChildMode::transport);
    CHECK(p.children[0].local_ts.empty());
    CHECK(p.children[0].lifetime == std::chrono::seconds(3600));
    CHECK(p.ikelifetime == std::chrono::seconds(10800));
    CHECK(!p.ike_proposals);
    CHECK(r.conns[0].status.local_id == "192.168.27.128");
    CHECK(r.conns[0].status.children[0].mode == "TRANSPORT");
}

TEST_CASE("the same file on bob: right is local, the PSK still found") {
    auto r = load(k_host_host, k_secrets, "192.168.27.132");
    REQUIRE(r.conns.size() == 1);
    CHECK(r.conns[0].peer.local.address.to_string() == "192.168.27.132");
    CHECK(r.conns[0].peer.remote.address.to_string() == "192.168.27.128");
    CHECK(r.conns[0].peer.psk == ipsec::ike::engine::secret_bytes("lab-psk"));
}

TEST_CASE("net-net tunnel with proposals, lifetimes and ids") {
    auto r = load("conn net-net\n"
                  "    authby=psk\n"
                  "    left=10.0.0.1\n    leftsubnet=10.1.0.0/16\n    leftid=@gw1.example\n"
                  "    right=10.0.0.2\n    rightsubnet=10.2.0.0/16\n    rightid=@gw2.example\n"
                  "    ike=aes256-sha256-modp3072!\n    esp=aes128gcm16\n"
                  "    lifetime=20m\n    ikelifetime=2h\n    auto=start\n",
                  "@gw1.example @gw2.example : PSK \"x\"\n", "10.0.0.1");
    REQUIRE(r.problems.empty());
    REQUIRE(r.conns.size() == 1);
    const auto& p = r.conns[0].peer;
    CHECK(r.conns[0].auto_action == conf::AutoAction::start);
    CHECK(p.ike_proposals == "aes256-sha256-modp3072!");
    CHECK(p.children[0].esp_proposals == "aes128gcm16");
    CHECK(p.children[0].mode == eng::ChildMode::tunnel);
    REQUIRE(p.children[0].local_ts.size() == 1);
    CHECK(p.children[0].local_ts[0].subnet.to_string() == "10.1.0.0/16");
    CHECK(p.children[0].remote_ts[0].subnet.to_string() == "10.2.0.0/16");
    CHECK(p.children[0].lifetime == std::chrono::seconds(1200));
    CHECK(p.ikelifetime == std::chrono::seconds(7200));
    REQUIRE(p.local_id);
    CHECK(p.local_id->kind == eng::Identity::Kind::fqdn);
    CHECK(p.local_id->value == "gw1.example");
}

TEST_CASE("conns iked cannot run are reported with file:line and left out") {
    auto r = load(k_host_host + "\nconn other\n    authby=secret\n    left=10.9.9.9\n"
                                "    right=10.9.9.8\n    auto=add\n"
                                "\nconn certs\n    left=192.168.27.128\n    right=10.0.0.9\n"
                                "    auto=add\n",
                  k_secrets, "192.168.27.128");
    REQUIRE(r.conns.size() == 1);
    REQUIRE(r.problems.size() == 2);
    CHECK(r.problems[0].find("/etc/ipsec.conf:9:") == 0);
    CHECK(r.problems[0].find("neither left= nor right=") != std::string::npos);
    CHECK(r.problems[1].find("authby") != std::string::npos);
}

TEST_CASE("no PSK for the pair: left out, saying which ids") {
    auto r = load(k_host_host, "10.1.1.1 10.1.1.2 : PSK \"other\"\n", "192.168.27.128");
    CHECK(r.conns.empty());
    REQUIRE(r.problems.size() == 1);
    CHECK(r.problems[0].find("no PSK in ipsec.secrets for 192.168.27.128 - 192.168.27.132") !=
          std::string::npos);
}

TEST_CASE("auto=route, dpdaction= and closeaction= reach the engine's config") {
    auto r = load("conn host-host\n    authby=secret\n    type=transport\n"
                  "    left=192.168.27.128\n    right=192.168.27.132\n    auto=route\n"
                  "    dpdaction=hold\n    closeaction=restart\n",
                  k_secrets, "192.168.27.128");
    REQUIRE(r.conns.size() == 1);
    CHECK(r.conns[0].auto_action == conf::AutoAction::route);
    CHECK(r.conns[0].peer.dpdaction == eng::DpdAction::hold);
    CHECK(r.conns[0].peer.closeaction == eng::DpdAction::restart);
    CHECK(r.conns[0].peer.dpddelay == std::chrono::seconds(30));
}

TEST_CASE("reload's comparison: the same text gives an equal conn, a changed one does not") {
    auto a = load(k_host_host, k_secrets, "192.168.27.128");
    auto b = load(k_host_host, k_secrets, "192.168.27.128");
    REQUIRE(a.conns.size() == 1);
    REQUIRE(b.conns.size() == 1);
    CHECK(a.conns[0].peer == b.conns[0].peer);
    auto c = load(k_host_host + "    lifetime=20m\n", k_secrets, "192.168.27.128");
    REQUIRE(c.conns.size() == 1);
    CHECK_FALSE(a.conns[0].peer == c.conns[0].peer);
    auto d = load(k_host_host, "192.168.27.128 192.168.27.132 : PSK \"other\"\n", "192.168.27.128");
    REQUIRE(d.conns.size() == 1);
    CHECK_FALSE(a.conns[0].peer == d.conns[0].peer); // a new PSK is a change too
}
