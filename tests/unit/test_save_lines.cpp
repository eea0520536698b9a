// SPDX-License-Identifier: GPL-2.0-or-later
// Tests of `ipxf save`'s lines: each SA and policy line parses back (with
// ipxf's own grammar) into the object it was saved from, and saves again to
// the same line; what a command line cannot carry is refused by name.
#include "batch_lines.hpp"
#include "save_lines.hpp"

#include <catch2/catch.hpp>
#include <string>
#include <sys/socket.h>
#include <vector>

using namespace ipxf;
using namespace ipxf::cli;

namespace {

std::vector<std::string> words_of(const std::string& line) {
    std::vector<std::string> words;
    split_line(line, words);
    return words;
}

State parse_state(const std::string& line) {
    const auto words = words_of(line);
    REQUIRE(words.size() > 3);
    CHECK(words[0] == "xfrm");
    Cursor c(words, 3);
    Globals g;
    return parse_state_modify(c, g);
}

Policy parse_policy(const std::string& line) {
    const auto words = words_of(line);
    REQUIRE(words.size() > 3);
    Cursor c(words, 3);
    Globals g;
    return parse_policy_modify(c, g);
}

Algorithm alg(const char* name, std::size_t bytes, std::uint8_t first) {
    Algorithm a;
    a.name = name;
    for (std::size_t i = 0; i < bytes; ++i)
        a.key.push_back(static_cast<std::uint8_t>(first + i));
    a.key_bits = static_cast<std::uint32_t>(bytes * 8);
    return a;
}

State tunnel_sa() {
    State s;
    s.family = AF_INET;
    s.saddr = *Address::parse("192.0.2.1");
    s.daddr = *Address::parse("192.0.2.2");
    s.proto = ipproto::esp;
    s.spi = 0xc0ffee01;
    s.reqid = 7;
    s.mode = static_cast<std::uint8_t>(Mode::tunnel);
    s.replay_window = 32;
    s.flags = state_flag::noecn | state_flag::af_unspec;
    s.enc = alg("cbc(aes)", 32, 0x10);
    s.auth = alg("hmac(sha256)", 32, 0x80);
    s.auth->icv_bits = 128;
    s.lft.hard_add_expires_seconds = 3600;
    s.lft.soft_byte_limit = 1000000;
    s.mark = Mark{5, 0xff};
    s.if_id = 9;
    s.tfcpad = 64;
    return s;
}

} // namespace

TEST_CASE("save: an ESP tunnel SA parses back, keys and all") {
    const State s = tunnel_sa();
    const std::string line = state_save_line(s);
    CHECK(line.rfind("xfrm state add src 192.0.2.1 dst 192.0.2.2 proto esp spi 0xc0ffee01 ", 0) ==
          0);
    CHECK(line.back() == '\n');
    const State back = parse_state(line);
    CHECK(back.enc == s.enc);
    CHECK(back.auth == s.auth);
    CHECK(back.lft == s.lft);
    CHECK(back.mark == s.mark);
    CHECK(back.if_id == s.if_id);
    CHECK(back.tfcpad == s.tfcpad);
    CHECK(back.flags == s.flags);
    CHECK(back.replay_window == 32);
    CHECK(state_save_line(back) == line);
}

TEST_CASE("save: AEAD with ESN, encap, selector, output mark, extra flags") {
    State s = tunnel_sa();
    s.enc.reset();
    s.auth.reset();
    s.aead = alg("rfc4106(gcm(aes))", 20, 0x33);
    s.aead->icv_bits = 128;
    s.flags = state_flag::esn;
    s.replay_window = 0;
    s.replay_esn = ReplayStateEsn{10, 20, 1, 2, 1024, {}};
    s.encap = Encap{2, 4500, 4500, *Address::parse("0.0.0.0")};
    s.sel.family = AF_INET6;
    s.sel.saddr = *Address::parse("2001:db8:a::");
    s.sel.daddr = *Address::parse("2001:db8:b::");
    s.sel.prefixlen_s = s.sel.prefixlen_d = 64;
    s.sel.proto = ipproto::udp;
    s.sel.dport = 53;
    s.sel.dport_mask = 0xffff;
    s.output_mark = 0x10;
    s.set_mark_mask = 0xf0;
    s.extra_flags = state_extra_flag::dont_encap_dscp;
    const std::string line = state_save_line(s);
    const State back = parse_state(line);
    CHECK(back.aead == s.aead);
    REQUIRE(back.replay_esn);
    CHECK(back.replay_esn->replay_window == 1024);
    CHECK(back.replay_esn->oseq == 10);
    CHECK(back.replay_esn->seq == 20);
    CHECK(back.encap == s.encap);
    CHECK(back.sel == s.sel);
    CHECK(back.output_mark == s.output_mark);
    CHECK(back.set_mark_mask == s.set_mark_mask);
    CHECK(back.extra_flags == s.extra_flags);
    CHECK(state_save_line(back) == line);
}

TEST_CASE("save: AH in transport mode, IPComp") {
    State ah;
    ah.family = AF_INET6;
    ah.saddr = *Address::parse("2001:db8::1");
    ah.daddr = *Address::parse("2001:db8::2");
    ah.proto = ipproto::ah;
    ah.spi = 0x200;
    ah.auth = alg("hmac(sha1)", 20, 1);
    std::string line = state_save_line(ah);
    CHECK(line.find(" mode transport") != std::string::npos);
    CHECK(parse_state(line).auth == ah.auth);
    State comp = ah;
    comp.proto = ipproto::comp;
    comp.auth.reset();
    comp.comp = Algorithm{"deflate", {}, 0, {}};
    line = state_save_line(comp);
    CHECK(parse_state(line).comp == comp.comp);
}

TEST_CASE("save: a policy with its index, templates, limits") {
    Policy p;
    p.sel.family = AF_INET;
    p.sel.saddr = *Address::parse("10.1.0.0");
    p.sel.daddr = *Address::parse("10.2.0.0");
    p.sel.prefixlen_s = p.sel.prefixlen_d = 16;
    p.sel.proto = ipproto::icmp;
    p.sel.sport = 8;
    p.sel.sport_mask = 0xffff;
    p.dir = static_cast<std::uint8_t>(Direction::fwd);
    p.index = 42;
    p.priority = 300;
    p.ptype = kPolicyTypeSub;
    p.flags = policy_flag::localok;
    p.lft.hard_use_expires_seconds = 60;
    Template t;
    t.family = AF_INET;
    t.saddr = *Address::parse("192.0.2.2");
    t.daddr = *Address::parse("192.0.2.1");
    t.proto = ipproto::esp;
    t.mode = static_cast<std::uint8_t>(Mode::tunnel);
    t.reqid = 3;
    t.optional = 1;
    p.tmpls = {t, t};
    p.tmpls[1].proto = ipproto::ah;
    const std::string line = policy_save_line(p);
    CHECK(line.find(" index 42") != std::string::npos);
    const Policy back = parse_policy(line);
    CHECK(back.sel == p.sel);
    CHECK(back.index == 42);
    CHECK(back.priority == 300);
    CHECK(back.ptype == p.ptype);
    CHECK(back.lft == p.lft);
    REQUIRE(back.tmpls.size() == 2);
    CHECK(back.tmpls[1].proto == ipproto::ah);
    CHECK(back.tmpls[0].optional == 1);
    CHECK(policy_save_line(back) == line);
}

TEST_CASE("save: what a line cannot carry is refused") {
    Policy sock;
    sock.dir = 4; // a socket policy
    CHECK_THROWS_AS(policy_save_line(sock), CliError);
    State s = tunnel_sa();
    s.enc->name = "cbc(aes) #";
    CHECK_THROWS_AS(state_save_line(s), CliError);
    s = tunnel_sa();
    s.encap = Encap{9, 1, 2, {}};
    CHECK_THROWS_AS(state_save_line(s), CliError);
}
