// SPDX-License-Identifier: GPL-2.0-or-later
// ipsec.conf conns to the engine's PeerConfig: which end is local, the PSK
// lookup, type/subnets/proposals/lifetimes, and conns left out with file:line.
#include "conf/conn_keywords.hpp"
#include "conf/memory_file_reader.hpp"
#include "conn_loader.hpp"
#include "ike/engine/proposals.hpp"

#include <catch2/catch.hpp>
#include <set>

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
    CHECK(p.ike_proposals.empty());
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
    CHECK(
        p.ike_proposals ==
        eng::parse_proposals(ipsec::ike::crypto::Protocol::ike, "aes256-sha256-modp3072!").value());
    CHECK(p.children[0].esp_proposals ==
          eng::parse_proposals(ipsec::ike::crypto::Protocol::esp, "aes128gcm16").value());
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

namespace {

// The keyword walk: every conn keyword of lib/conf's table has an entry here
// saying what setting it (to a value other than the default) does to the conn
// the engine gets. A keyword the table marks implemented must change that conn
// or be one of charon's own no-ops; refused and unsupported ones must refuse
// the conn where they are written. A keyword added to the table without an
// entry here fails the walk.
enum class Expect { changes, same_as_charon, refused };
struct Sample {
    const char* keyword;
    const char* value;
    Expect expect;
    const char* why = ""; // for same_as_charon: why charon does nothing with it either
};

const Sample k_samples[] = {
    {"type", "transport", Expect::changes},
    {"auto", "start", Expect::changes},
    {"authby", "pubkey", Expect::refused},
    {"keyexchange", "ikev2", Expect::same_as_charon, "IKEv2 is what iked speaks"},
    {"ike", "aes256-sha256-modp3072", Expect::changes},
    {"esp", "aes256gcm16", Expect::changes},
    {"ah", "sha256", Expect::refused},
    {"ikelifetime", "1h", Expect::changes},
    {"lifetime", "20m", Expect::changes},
    {"keylife", "20m", Expect::changes},
    {"margintime", "3m", Expect::changes},
    {"rekeymargin", "3m", Expect::changes},
    {"lifebytes", "1000000", Expect::changes},
    {"lifepackets", "1000", Expect::changes},
    {"marginbytes", "1000", Expect::changes},
    {"marginpackets", "10", Expect::changes},
    {"rekeyfuzz", "50%", Expect::changes},
    {"rekey", "no", Expect::changes},
    {"reauth", "yes", Expect::refused},
    {"keyingtries", "%forever", Expect::changes},
    {"dpddelay", "10s", Expect::same_as_charon,
     "without dpdaction, charon sends no DPD either (dpdaction=none)"},
    {"dpdtimeout", "60s", Expect::same_as_charon,
     "IKEv1 only: in IKEv2 the retransmission timeout decides (ipsec.conf(5))"},
    {"dpdaction", "clear", Expect::changes},
    {"closeaction", "clear", Expect::changes},
    {"inactivity", "5m", Expect::refused},
    {"mobike", "no", Expect::changes},
    {"forceencaps", "yes", Expect::changes},
    {"fragmentation", "no", Expect::changes},
    {"installpolicy", "no", Expect::changes},
    {"compress", "yes", Expect::refused},
    // (compress=no, the default, loads: see below)
    {"replay_window", "64", Expect::changes},
    {"reqid", "5", Expect::changes},
    {"mark", "0x10", Expect::changes},
    {"mark_in", "0x10/0xff", Expect::changes},
    {"mark_out", "0x20", Expect::changes},
    {"aggressive", "no", Expect::same_as_charon, "Aggressive Mode is IKEv1 only"},
    {"aaa_identity", "x", Expect::refused},
    {"eap_identity", "x", Expect::refused},
    {"xauth", "server", Expect::refused},
    {"xauth_identity", "x", Expect::refused},
    {"modeconfig", "push", Expect::refused},
    {"ikedscp", "000000", Expect::refused},
    {"tfc", "%mtu", Expect::refused},
    {"sha256_96", "yes", Expect::refused},
    {"mediation", "yes", Expect::refused},
    {"mediated_by", "x", Expect::refused},
    {"me_peerid", "x", Expect::refused},
    {"right", "10.0.0.0/24", Expect::changes},
    {"rightsubnet", "10.2.1.0/24", Expect::changes},
    {"leftsubnet", "10.1.1.0/24", Expect::changes},
    {"leftprotoport", "tcp", Expect::changes},
    {"rightprotoport", "udp/53", Expect::changes},
    {"leftid", "@gw1.example", Expect::changes},
    {"rightid", "@gw2.example", Expect::changes},
    {"leftauth", "psk", Expect::same_as_charon, "authby=secret already means psk both ways"},
    {"rightauth", "pubkey", Expect::refused},
    {"leftcert", "a.pem", Expect::refused},
    {"rightcert", "b.pem", Expect::refused},
    {"leftca", "%same", Expect::refused},
    {"rightca", "%same", Expect::refused},
    {"leftsendcert", "always", Expect::refused},
    {"rightsendcert", "never", Expect::refused},
    {"leftsourceip", "%config", Expect::refused},
    {"rightsourceip", "10.3.0.0/24", Expect::refused},
    {"leftfirewall", "yes", Expect::changes},
    {"rightfirewall", "yes", Expect::same_as_charon, "the peer's end: its script is not ours"},
    {"leftupdown", "/bin/true", Expect::changes},
    {"rightupdown", "/bin/true", Expect::same_as_charon, "the peer's end: its script is not ours"},
    {"leftallowany", "yes", Expect::refused},
    {"rightallowany", "yes", Expect::refused},
    {"leftikeport", "4501", Expect::refused},
    {"rightikeport", "4501", Expect::refused},
    {"leftauth2", "psk", Expect::refused},
    {"rightauth2", "psk", Expect::refused},
    {"leftid2", "x", Expect::refused},
    {"rightid2", "x", Expect::refused},
    {"leftca2", "x", Expect::refused},
    {"rightca2", "x", Expect::refused},
    {"leftcert2", "x", Expect::refused},
    {"rightcert2", "x", Expect::refused},
    {"leftgroups2", "x", Expect::refused},
    {"rightgroups2", "x", Expect::refused},
    {"leftgroups", "x", Expect::refused},
    {"rightgroups", "x", Expect::refused},
    {"leftcertpolicy", "1.2.3", Expect::refused},
    {"rightcertpolicy", "1.2.3", Expect::refused},
    {"leftdns", "8.8.8.8", Expect::refused},
    {"rightdns", "8.8.8.8", Expect::refused},
    {"lefthostaccess", "yes", Expect::refused},
    {"righthostaccess", "yes", Expect::refused},
    {"leftsigkey", "k.pem", Expect::refused},
    {"rightsigkey", "k.pem", Expect::refused},
    {"leftrsasigkey", "k.pem", Expect::refused},
    {"rightrsasigkey", "k.pem", Expect::refused},
};

const std::string k_base = "conn net\n"
                           "    authby=secret\n"
                           "    left=10.0.0.1\n    leftsubnet=10.1.0.0/16\n"
                           "    right=10.0.0.2\n    rightsubnet=10.2.0.0/16\n"
                           "    auto=add\n";
const std::string k_base_secrets = "10.0.0.1 10.0.0.2 : PSK \"base\"\n"
                                   "@gw1.example 10.0.0.2 : PSK \"id1\"\n"
                                   "10.0.0.1 @gw2.example : PSK \"id2\"\n"
                                   "10.0.0.1 %any : PSK \"any\"\n";

} // namespace

TEST_CASE("every conn keyword changes the loaded conn, is a charon no-op, or refuses the conn") {
    auto base = load(k_base, k_base_secrets, "10.0.0.1");
    REQUIRE(base.problems.empty());
    REQUIRE(base.conns.size() == 1);
    std::set<std::string> seen;
    std::vector<std::string> table;
    for (const auto& [name, info] : conf::conn_keyword_list()) {
        if (info.support == conf::KeywordSupport::obsolete || name == "also" || name == "left")
            continue; // obsolete: charon ignores them too; also=, left= make the base
        table.push_back(name);
        const Sample* sample = nullptr;
        for (const auto& s : k_samples)
            if (name == s.keyword)
                sample = &s;
        INFO("keyword " << name);
        REQUIRE(sample != nullptr); // map it in conn_loader.cpp, then add it to k_samples
        seen.insert(name);
        const std::string line = "    " + name + "=" + sample->value + "\n";
        auto r = load(k_base + line, k_base_secrets, "10.0.0.1");
        if (sample->expect == Expect::refused) {
            // a typed keyword refuses only for some values (authby=pubkey, reauth=yes)
            const std::string k = sample->keyword;
            const bool value_refused =
                k == "authby" || k.ends_with("auth") || k == "reauth" || k == "compress";
            CHECK((info.support != conf::KeywordSupport::typed || value_refused));
            REQUIRE(r.problems.size() == 1);
            CHECK(r.conns.empty());
            CHECK(r.problems[0].find("/etc/ipsec.conf:8:") == 0); // where it is written
            CHECK(r.refused.count("net") == 1);
            continue;
        }
        CHECK(info.support == conf::KeywordSupport::typed);
        const std::string problem = r.problems.empty() ? std::string() : r.problems[0];
        INFO(problem);
        REQUIRE(r.problems.empty());
        REQUIRE(r.conns.size() == 1);
        const bool same = r.conns[0].same_config(base.conns[0]);
        INFO(sample->why);
        CHECK(same == (sample->expect == Expect::same_as_charon));
    }
    CHECK(seen.size() == table.size());
}

TEST_CASE("right= as a subnet or range is what a responder accepts, not any address") {
    auto r = load("conn roads\n    authby=secret\n    left=10.0.0.1\n"
                  "    right=10.9.0.0/16,192.0.2.5-192.0.2.9\n    auto=add\n",
                  "10.0.0.1 %any : PSK \"r\"\n", "10.0.0.1");
    REQUIRE(r.conns.size() == 1);
    const auto& accept = r.conns[0].peer.remote_accept;
    REQUIRE(accept.size() == 2);
    CHECK(accept[0].contains(*ipxf::Address::parse("10.9.200.1")));
    CHECK_FALSE(accept[0].contains(*ipxf::Address::parse("10.8.0.1")));
    CHECK(accept[1].contains(*ipxf::Address::parse("192.0.2.9")));
    CHECK_FALSE(accept[1].contains(*ipxf::Address::parse("192.0.2.10")));
    auto start = load("conn roads\n    authby=secret\n    left=10.0.0.1\n"
                      "    right=10.9.0.0/16\n    auto=start\n",
                      "10.0.0.1 %any : PSK \"r\"\n", "10.0.0.1");
    REQUIRE(start.problems.size() == 1);
    CHECK(start.problems[0].find("/etc/ipsec.conf:5:10: conn 'roads' not loaded: auto=start") == 0);
}

TEST_CASE("host names in right= are resolved at load; an unknown one refuses the conn") {
    HostResolver fake = [](const std::string& name) {
        std::vector<ipxf::Address> out;
        if (name == "gw.example")
            out.push_back(*ipxf::Address::parse("10.0.0.2"));
        return out;
    };
    conf::MemoryFileReader files;
    files.add("/etc/ipsec.conf", "conn a\n    authby=secret\n    left=10.0.0.1\n"
                                 "    right=gw.example\n    auto=add\n"
                                 "conn b\n    authby=secret\n    left=10.0.0.1\n"
                                 "    right=nowhere.example\n    auto=add\n");
    auto c = conf::parse_ipsec_conf(files, "/etc/ipsec.conf");
    REQUIRE(c);
    files.add("/etc/ipsec.secrets", k_base_secrets);
    auto s = conf::parse_ipsec_secrets(files, "/etc/ipsec.secrets");
    REQUIRE(s);
    auto r = load_conns(*c, *s, {*ipxf::Address::parse("10.0.0.1")}, fake);
    REQUIRE(r.conns.size() == 1);
    CHECK(r.conns[0].peer.remote.address.to_string() == "10.0.0.2");
    REQUIRE(r.problems.size() == 1);
    CHECK(r.problems[0] == "/etc/ipsec.conf:9:11: conn 'b' not loaded: cannot resolve host name "
                           "'nowhere.example'");
}

TEST_CASE("marks, replay window, volume limits and installpolicy reach the CHILD_SA config") {
    auto r = load(k_base + "    mark_in=0x10/0xff\n    mark_out=0x20\n    replay_window=128\n"
                           "    lifebytes=5000000\n    marginbytes=100000\n    lifepackets=9000\n"
                           "    rekeyfuzz=25%\n    installpolicy=no\n",
                  k_base_secrets, "10.0.0.1");
    REQUIRE(r.problems.empty());
    const auto& c = r.conns.at(0).peer.children.at(0);
    CHECK(c.mark_in == eng::MarkConfig{0x10, 0xff});
    CHECK(c.mark_out == eng::MarkConfig{0x20, 0xffffffff});
    CHECK(c.replay_window == 128);
    CHECK(c.bytes == eng::VolumeLimit{5000000, 100000});
    CHECK(c.packets == eng::VolumeLimit{9000, 0});
    CHECK(c.rekeyfuzz_percent == 25);
    CHECK_FALSE(c.install_policy);
    auto both = load(k_base + "    mark=7/0xf\n", k_base_secrets, "10.0.0.1");
    CHECK(both.conns.at(0).peer.children.at(0).mark_in == eng::MarkConfig{7, 0xf});
    CHECK(both.conns.at(0).peer.children.at(0).mark_out == eng::MarkConfig{7, 0xf});
}

TEST_CASE("updown: the PLUTO_* environment of a host-host and a net-net CHILD_SA") {
    eng::ChildInfo child;
    child.local = {*ipxf::Address::parse("192.168.27.128"), 500};
    child.remote = {*ipxf::Address::parse("192.168.27.132"), 4500};
    child.local_id = "192.168.27.128";
    child.remote_id = "bob.example";
    child.reqid = 3;
    child.encap = true;
    child.mark_out = {0x10, 0xff};
    auto host = *eng::TsRange::parse_addresses("192.168.27.128");
    auto peer = *eng::TsRange::parse_addresses("192.168.27.132");
    auto env = updown_environment(true, "host-host", 7, child, host, peer, "veth0");
    auto get = [&](const std::string& key) {
        for (const auto& [k, v] : env)
            if (k == key)
                return v;
        return std::string("<unset>");
    };
    CHECK(get("PLUTO_VERB") == "up-host");
    CHECK(get("PLUTO_CONNECTION") == "host-host");
    CHECK(get("PLUTO_INTERFACE") == "veth0");
    CHECK(get("PLUTO_UNIQUEID") == "7");
    CHECK(get("PLUTO_REQID") == "3");
    CHECK(get("PLUTO_MY_CLIENT") == "192.168.27.128/32");
    CHECK(get("PLUTO_MY_CLIENT_MASK") == "<unset>"); // pluto's, not charon's
    CHECK(get("PLUTO_PEER_ID") == "bob.example");
    CHECK(get("PLUTO_UDP_ENC") == "4500");
    CHECK(get("PLUTO_MARK_OUT") == "16/0x000000ff");
    CHECK(get("PLUTO_MARK_IN") == "<unset>");
    auto net = *eng::TsRange::parse_addresses("10.1.0.0/24");
    auto far = *eng::TsRange::parse_addresses("10.2.0.0/16");
    far.protocol = 6;
    far.start_port = far.end_port = 443;
    env = updown_environment(false, "net-net", 7, child, net, far, "veth0");
    CHECK(get("PLUTO_VERB") == "down-client");
    CHECK(get("PLUTO_MY_CLIENT") == "10.1.0.0/24");
    CHECK(get("PLUTO_PEER_CLIENT") == "10.2.0.0/16");
    CHECK(get("PLUTO_PEER_PROTOCOL") == "6");
    CHECK(get("PLUTO_PEER_PORT") == "443");
    auto v6 = *eng::TsRange::parse_addresses("fd00:1::/64");
    auto v6b = *eng::TsRange::parse_addresses("fd00:2::/64");
    env = updown_environment(true, "v6", 7, child, v6, v6b, "veth0");
    CHECK(get("PLUTO_VERB") == "up-client-v6");
    CHECK(get("PLUTO_MY_CLIENT") == "fd00:1::/64");
}
