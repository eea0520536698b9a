// SPDX-License-Identifier: GPL-2.0-or-later
// Tests of libipxf's table lint (check_tables): each rule on a crafted table
// that breaks it and on the same table set right, which must be clean.
#include "xfrm/check.hpp"

#include <catch2/catch.hpp>
#include <string>
#include <sys/socket.h>
#include <vector>

using namespace ipxf;

namespace {

Address addr(const char* text) {
    return *Address::parse(text);
}

Selector sel(const char* src, int ps, const char* dst, int pd) {
    Selector s;
    s.family = AF_INET;
    s.saddr = addr(src);
    s.daddr = addr(dst);
    s.prefixlen_s = static_cast<std::uint8_t>(ps);
    s.prefixlen_d = static_cast<std::uint8_t>(pd);
    return s;
}

Template tunnel(const char* src, const char* dst, std::uint32_t reqid) {
    Template t;
    t.family = AF_INET;
    t.saddr = addr(src);
    t.daddr = addr(dst);
    t.proto = ipproto::esp;
    t.mode = static_cast<std::uint8_t>(Mode::tunnel);
    t.reqid = reqid;
    return t;
}

Policy policy(Selector s, Direction dir, std::vector<Template> tmpls,
              std::uint32_t priority = 100) {
    Policy p;
    p.sel = s;
    p.dir = static_cast<std::uint8_t>(dir);
    p.tmpls = std::move(tmpls);
    p.priority = priority;
    return p;
}

Algorithm alg(const char* name, std::size_t bytes, std::uint8_t fill) {
    Algorithm a;
    a.name = name;
    a.key.assign(bytes, fill);
    a.key_bits = static_cast<std::uint32_t>(bytes * 8);
    return a;
}

State sa(const char* src, const char* dst, std::uint32_t spi, std::uint32_t reqid,
         std::uint8_t fill) {
    State s;
    s.family = AF_INET;
    s.saddr = addr(src);
    s.daddr = addr(dst);
    s.spi = spi;
    s.proto = ipproto::esp;
    s.mode = static_cast<std::uint8_t>(Mode::tunnel);
    s.reqid = reqid;
    s.replay_window = 32;
    s.aead = alg("rfc4106(gcm(aes))", 20, fill);
    s.aead->icv_bits = 128;
    return s;
}

// A net-to-net tunnel as an IKE daemon installs it on gateway 192.0.2.1:
// out, in and fwd policies, and one SA per direction.
struct Table {
    std::vector<Policy> ps{
        policy(sel("10.1.0.0", 16, "10.2.0.0", 16), Direction::out,
               {tunnel("192.0.2.1", "192.0.2.2", 1)}),
        policy(sel("10.2.0.0", 16, "10.1.0.0", 16), Direction::in,
               {tunnel("192.0.2.2", "192.0.2.1", 1)}),
        policy(sel("10.2.0.0", 16, "10.1.0.0", 16), Direction::fwd,
               {tunnel("192.0.2.2", "192.0.2.1", 1)}),
    };
    std::vector<State> ss{sa("192.0.2.1", "192.0.2.2", 0x1001, 1, 0x11),
                          sa("192.0.2.2", "192.0.2.1", 0x2002, 1, 0x22)};
};

std::vector<std::string> rules(const std::vector<Finding>& found) {
    std::vector<std::string> out;
    for (const auto& f : found)
        out.emplace_back(check_rule_name(f.rule));
    return out;
}

using Names = std::vector<std::string>;

} // namespace

TEST_CASE("check: a sound net-to-net table has no finding") {
    Table t;
    CHECK(check_tables(t.ps, t.ss).empty());
    CHECK(check_tables({}, {}).empty());
}

TEST_CASE("check: shadowed policy") {
    Table t;
    // 10.1.5.0/24 -> 10.2.0.0/16 lies inside the out policy, which wins with priority 100
    t.ps.push_back(policy(sel("10.1.5.0", 24, "10.2.0.0", 16), Direction::out,
                          {tunnel("192.0.2.1", "192.0.2.2", 1)}, 200));
    t.ps.push_back(policy(sel("10.2.0.0", 16, "10.1.5.0", 24), Direction::in,
                          {tunnel("192.0.2.2", "192.0.2.1", 1)}, 200));
    auto found = check_tables(t.ps, t.ss);
    REQUIRE(rules(found) == Names{"shadowed-policy", "shadowed-policy", "tunnel-without-fwd"});
    CHECK(found[0].policies == std::vector<std::size_t>{3, 0});
    CHECK(found[0].text.find("src 10.1.5.0/24 dst 10.2.0.0/16") != std::string::npos);
    // with a better priority it is the more specific exception, as intended
    t.ps[3].priority = t.ps[4].priority = 50;
    t.ps.push_back(policy(sel("10.2.0.0", 16, "10.1.5.0", 24), Direction::fwd,
                          {tunnel("192.0.2.2", "192.0.2.1", 1)}, 50));
    CHECK(check_tables(t.ps, t.ss).empty());
    // a different port does not cover; a mark the broad one does not have does
    Selector web = sel("10.1.5.0", 24, "10.2.0.0", 16);
    web.proto = ipproto::tcp;
    web.dport = 80;
    web.dport_mask = 0xffff;
    Selector broad = web;
    broad.prefixlen_s = 16;
    CHECK(selector_covers(broad, web));
    broad.dport = 443;
    CHECK_FALSE(selector_covers(broad, web));
    CHECK_FALSE(selector_covers(web, sel("10.1.5.0", 24, "10.2.0.0", 16)));
}

TEST_CASE("check: tunnel without fwd, and unmirrored policies") {
    Table t;
    t.ps.erase(t.ps.begin() + 2); // the fwd policy
    CHECK(rules(check_tables(t.ps, t.ss)) == Names{"tunnel-without-fwd"});
    Table u;
    u.ps.erase(u.ps.begin() + 1); // the in policy
    auto found = check_tables(u.ps, u.ss);
    CHECK(rules(found) == Names{"unmirrored-policy"});
    Table v;
    v.ps[1].tmpls[0].saddr = addr("192.0.2.9"); // the in tunnel from another peer
    v.ps[2].tmpls[0].saddr = addr("192.0.2.9");
    found = check_tables(v.ps, v.ss);
    // and the SA from the real peer serves nothing, the in and fwd templates have none
    CHECK(rules(found) ==
          Names{"unmirrored-policy", "unused-sa", "unsatisfied-template", "unsatisfied-template"});
}

TEST_CASE("check: unused SA, unsatisfied template") {
    Table t;
    t.ss.push_back(sa("192.0.2.1", "192.0.2.3", 0x3003, 7, 0x33));
    auto found = check_tables(t.ps, t.ss);
    REQUIRE(rules(found) == Names{"unused-sa"});
    CHECK(found[0].states == std::vector<std::size_t>{2});
    CHECK(found[0].text.find("spi 0x00003003") != std::string::npos);
    Table u;
    u.ss.erase(u.ss.begin()); // no outbound SA
    CHECK(rules(check_tables(u.ps, u.ss)) == Names{"unsatisfied-template"});
    u.ps[0].tmpls[0].optional = 1; // level use: not required
    CHECK(check_tables(u.ps, u.ss).empty());
    // transport mode: the SA's addresses must lie in the selector
    Policy p = policy(sel("10.0.0.1", 32, "10.0.0.2", 32), Direction::out, {Template{}});
    p.tmpls[0].proto = ipproto::esp;
    State s = sa("10.0.0.1", "10.0.0.2", 0x10, 0, 0x44);
    s.mode = 0;
    CHECK(template_uses_state(p, p.tmpls[0], s));
    s.daddr = addr("10.0.0.3");
    CHECK_FALSE(template_uses_state(p, p.tmpls[0], s));
}

TEST_CASE("check: algorithms, key and ICV lengths") {
    Table t;
    State& out = t.ss[0];
    out.aead.reset();
    out.enc = alg("cbc(aes)", 16, 0x51);
    CHECK(rules(check_tables(t.ps, t.ss)) == Names{"no-integrity"});
    out.auth = alg("hmac(md5)", 16, 0x52);
    CHECK(rules(check_tables(t.ps, t.ss)) == Names{"weak-algorithm"});
    out.auth = alg("hmac(sha256)", 16, 0x52);
    auto found = check_tables(t.ps, t.ss);
    REQUIRE(rules(found) == Names{"short-key"});
    CHECK(found[0].text.find("128-bit hmac(sha256) key (256 bits at least)") != std::string::npos);
    out.auth = alg("hmac(sha256)", 32, 0x52);
    out.auth->icv_bits = 64;
    CHECK(rules(check_tables(t.ps, t.ss)) == Names{"short-icv"});
    out.auth->icv_bits = 128;
    out.enc = alg("cbc(des3_ede)", 24, 0x53);
    CHECK(rules(check_tables(t.ps, t.ss)) == Names{"weak-algorithm"});
    out.enc = alg("cbc(aes)", 32, 0x53);
    CHECK(check_tables(t.ps, t.ss).empty());
    // rfc4106: the 4-byte salt is not key
    t.ss[1].aead = alg("rfc4106(gcm(aes))", 16, 0x54);
    t.ss[1].aead->icv_bits = 128;
    CHECK(rules(check_tables(t.ps, t.ss)) == Names{"short-key"});
}

TEST_CASE("check: replay window of an inbound SA, shared keys") {
    Table t;
    t.ss[0].replay_window = 0; // outbound: no finding
    CHECK(check_tables(t.ps, t.ss).empty());
    t.ss[1].replay_window = 0;
    auto found = check_tables(t.ps, t.ss);
    REQUIRE(rules(found) == Names{"replay-window-zero"});
    CHECK(found[0].states == std::vector<std::size_t>{1});
    t.ss[1].replay_esn = ReplayStateEsn{};
    t.ss[1].replay_esn->replay_window = 128; // ESN: the window is there
    CHECK(check_tables(t.ps, t.ss).empty());

    Table u;
    u.ss[1].aead = u.ss[0].aead; // both directions with one key
    found = check_tables(u.ps, u.ss);
    REQUIRE(rules(found) == Names{"shared-key"});
    CHECK(found[0].states == std::vector<std::size_t>{0, 1});
    for (const auto& f : found) // no key material in the text
        CHECK(f.text.find("1111") == std::string::npos);
}
