// SPDX-License-Identifier: GPL-2.0-or-later
// Tests of the JSON printer: exact output for representative objects, the
// pretty layout, string escaping, and a small strict JSON parser that checks
// every output is well-formed.
#include "xfrm/print_json.hpp"

#include <catch2/catch.hpp>
#include <cctype>
#include <string>
#include <sys/socket.h>
#include <vector>

using namespace ipxf;

namespace {

// A strict RFC 8259 syntax checker (values, no duplicate-key check).
class JsonChecker {
public:
    explicit JsonChecker(const std::string& text) : s_(text) {}

    bool valid() {
        skip_ws();
        if (!value())
            return false;
        skip_ws();
        return i_ == s_.size();
    }

private:
    void skip_ws() {
        while (i_ < s_.size() &&
               (s_[i_] == ' ' || s_[i_] == '\n' || s_[i_] == '\t' || s_[i_] == '\r'))
            ++i_;
    }
    bool lit(const char* word) {
        std::string w(word);
        if (s_.compare(i_, w.size(), w) != 0)
            return false;
        i_ += w.size();
        return true;
    }
    bool value() {
        if (i_ >= s_.size())
            return false;
        switch (s_[i_]) {
        case '{':
            return object();
        case '[':
            return array();
        case '"':
            return string();
        case 't':
            return lit("true");
        case 'f':
            return lit("false");
        case 'n':
            return lit("null");
        default:
            return number();
        }
    }
    bool object() {
        ++i_;
        skip_ws();
        if (i_ < s_.size() && s_[i_] == '}')
            return ++i_, true;
        for (;;) {
            skip_ws();
            if (!string())
                return false;
            skip_ws();
            if (i_ >= s_.size() || s_[i_++] != ':')
                return false;
            skip_ws();
            if (!value())
                return false;
            skip_ws();
            if (i_ >= s_.size())
                return false;
            char c = s_[i_++];
            if (c == '}')
                return true;
            if (c != ',')
                return false;
        }
    }
    bool array() {
        ++i_;
        skip_ws();
        if (i_ < s_.size() && s_[i_] == ']')
            return ++i_, true;
        for (;;) {
            skip_ws();
            if (!value())
                return false;
            skip_ws();
            if (i_ >= s_.size())
                return false;
            char c = s_[i_++];
            if (c == ']')
                return true;
            if (c != ',')
                return false;
        }
    }
    bool string() {
        if (i_ >= s_.size() || s_[i_] != '"')
            return false;
        ++i_;
        while (i_ < s_.size()) {
            unsigned char c = static_cast<unsigned char>(s_[i_++]);
            if (c == '"')
                return true;
            if (c < 0x20)
                return false;
            if (c == '\\') {
                if (i_ >= s_.size())
                    return false;
                char e = s_[i_++];
                if (e == 'u') {
                    for (int k = 0; k < 4; ++k)
                        if (i_ >= s_.size() || !std::isxdigit(static_cast<unsigned char>(s_[i_++])))
                            return false;
                } else if (std::string("\"\\/bfnrt").find(e) == std::string::npos) {
                    return false;
                }
            }
        }
        return false;
    }
    bool number() {
        std::size_t start = i_;
        if (i_ < s_.size() && s_[i_] == '-')
            ++i_;
        if (i_ >= s_.size() || !std::isdigit(static_cast<unsigned char>(s_[i_])))
            return false;
        if (s_[i_] == '0' && i_ + 1 < s_.size() &&
            std::isdigit(static_cast<unsigned char>(s_[i_ + 1])))
            return false;
        while (i_ < s_.size() && std::isdigit(static_cast<unsigned char>(s_[i_])))
            ++i_;
        return i_ > start;
    }

    const std::string& s_;
    std::size_t i_ = 0;
};

bool valid_json(const std::string& text) {
    return JsonChecker(text).valid();
}

Address addr(const char* text) {
    return *Address::parse(text);
}

State sample_state() {
    State s;
    s.saddr = addr("10.0.0.1");
    s.daddr = addr("10.0.0.2");
    s.family = AF_INET;
    s.sel.family = AF_INET;
    s.spi = 0x1000;
    s.proto = ipproto::esp;
    s.reqid = 1;
    s.curlft.add_time = 1700000000;
    s.auth = Algorithm{"hmac(sha1)", std::vector<std::uint8_t>(20, 0x11), 160, 96};
    s.enc = Algorithm{"cbc(aes)",
                      {0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef, 0x01, 0x23, 0x45, 0x67, 0x89,
                       0xab, 0xcd, 0xef},
                      128,
                      std::nullopt};
    s.replay = ReplayState{};
    return s;
}

// Every optional part of a state set.
State full_state() {
    State s = sample_state();
    s.mode = static_cast<std::uint8_t>(Mode::tunnel);
    s.flags = state_flag::esn | state_flag::noecn | 0; // two names
    s.extra_flags = state_extra_flag::dont_encap_dscp | 0x100u;
    s.mark = Mark{0x10, 0xff};
    s.output_mark = 0x20;
    s.set_mark_mask = 0xf0;
    s.aead = Algorithm{"rfc4106(gcm(aes))", std::vector<std::uint8_t>(20, 0x33), 160, 128};
    s.comp = Algorithm{"deflate", {}, 0, std::nullopt};
    s.encap = Encap{2, 4500, 4501, addr("0.0.0.0")};
    s.coaddr = addr("10.9.9.9");
    s.lastused = 1700000100;
    s.replay_esn = ReplayStateEsn{1, 2, 3, 4, 64, {0xffffffff, 0}};
    s.offload = Offload{2, 2};
    s.if_id = 0x42;
    s.tfcpad = 16;
    s.sel.saddr = addr("10.1.0.0");
    s.sel.prefixlen_s = 16;
    s.sel.proto = ipproto::tcp;
    s.sel.dport = 80;
    s.sel.dport_mask = 0xffff;
    s.sel.ifindex = 2;
    s.sec_ctx = SecurityContext{1, 1, "system_u:object_r:ipsec_spd_t:s0"};
    s.lft.soft_byte_limit = 1000;
    return s;
}

Policy sample_policy() {
    Policy p;
    p.sel.family = AF_INET;
    p.sel.saddr = addr("10.0.0.0");
    p.sel.prefixlen_s = 24;
    p.sel.daddr = addr("10.0.1.0");
    p.sel.prefixlen_d = 24;
    p.sel.proto = ipproto::tcp;
    p.sel.sport = 1234;
    p.sel.sport_mask = 0xffff;
    p.dir = static_cast<std::uint8_t>(Direction::out);
    p.index = 8;
    p.priority = 100;
    p.ptype = kPolicyTypeMain;
    Template t;
    t.saddr = addr("192.0.2.1");
    t.daddr = addr("198.51.100.1");
    t.family = AF_INET;
    t.proto = ipproto::esp;
    t.reqid = 16;
    t.mode = static_cast<std::uint8_t>(Mode::tunnel);
    t.optional = 1;
    p.tmpls.push_back(t);
    return p;
}

PrintOptions with_ifnames() {
    PrintOptions opt;
    opt.ifname = [](int index) {
        return "eth" + std::to_string(index);
    };
    return opt;
}

} // namespace

TEST_CASE("json: state, compact", "[print_json]") {
    State s = sample_state();
    PrintOptions opt;
    CHECK(state_to_json(s, opt, false) ==
          R"J({"src":"10.0.0.1","dst":"10.0.0.2","family":"inet","proto":"esp","spi":4096,)J"
          R"J("spi_hex":"0x00001000","reqid":1,"mode":"transport","replay_window":0,"seq":0,)J"
          R"J("flags":[],"auth":{"name":"hmac(sha1)",)J"
          R"J("key":"0x1111111111111111111111111111111111111111","key_bits":160,"icv_bits":96},)J"
          R"J("enc":{"name":"cbc(aes)","key":"0x0123456789abcdef0123456789abcdef",)J"
          R"J("key_bits":128},)J"
          R"J("replay":{"seq":0,"oseq":0,"bitmap":0},)J"
          R"J("sel":{"family":"inet","src":"0.0.0.0","src_prefixlen":0,"dst":"0.0.0.0",)J"
          R"J("dst_prefixlen":0,"uid":0}})J");
}

TEST_CASE("json: nokeys omits the keys, -s adds lifetimes and stats", "[print_json]") {
    State s = sample_state();
    s.sel = Selector{};
    s.replay.reset();
    PrintOptions opt;
    opt.nokeys = true;
    opt.stats = 1;
    CHECK(state_to_json(s, opt, false) ==
          R"J({"src":"10.0.0.1","dst":"10.0.0.2","family":"inet","proto":"esp","spi":4096,)J"
          R"J("spi_hex":"0x00001000","reqid":1,"mode":"transport","replay_window":0,"seq":0,)J"
          R"J("flags":[],"auth":{"name":"hmac(sha1)","key_bits":160,"icv_bits":96},)J"
          R"J("enc":{"name":"cbc(aes)","key_bits":128},)J"
          R"J("lifetime_config":{"soft_byte_limit":null,"hard_byte_limit":null,)J"
          R"J("soft_packet_limit":null,"hard_packet_limit":null,"soft_add_expires_seconds":0,)J"
          R"J("hard_add_expires_seconds":0,"soft_use_expires_seconds":0,)J"
          R"J("hard_use_expires_seconds":0},)J"
          R"J("lifetime_current":{"bytes":0,"packets":0,"add_time":1700000000,"use_time":0},)J"
          R"J("stats":{"replay_window":0,"replay":0,"integrity_failed":0}})J");
}

TEST_CASE("json: every optional state field", "[print_json]") {
    State s = full_state();
    std::string j = state_to_json(s, with_ifnames(), false);
    CHECK(valid_json(j));
    CHECK(j.find(R"J("mode":"tunnel")J") != std::string::npos);
    CHECK(j.find(R"J("flags":["noecn","esn"])J") != std::string::npos);
    CHECK(j.find(R"J("extra_flags":["dont-encap-dscp","0x100"])J") != std::string::npos);
    CHECK(j.find(R"J("mark":{"value":16,"mask":255})J") != std::string::npos);
    CHECK(j.find(R"J("output_mark":{"value":32,"mask":240})J") != std::string::npos);
    CHECK(j.find(R"J("aead":{"name":"rfc4106(gcm(aes))","key":"0x)J") != std::string::npos);
    CHECK(j.find(R"J("key_bits":160,"icv_bits":128})J") != std::string::npos);
    CHECK(j.find(R"J("comp":{"name":"deflate","key_bits":0})J") != std::string::npos);
    CHECK(j.find(R"J("encap":{"type":"espinudp","sport":4500,"dport":4501,"addr":"0.0.0.0"})J") !=
          std::string::npos);
    CHECK(j.find(R"J("coa":"10.9.9.9")J") != std::string::npos);
    CHECK(j.find(R"J("lastused":1700000100)J") != std::string::npos);
    CHECK(j.find(R"J("replay_esn":{"seq_hi":4,"seq":2,"oseq_hi":3,"oseq":1,"replay_window":64,)J"
                 R"J("bitmap":[4294967295,0]})J") != std::string::npos);
    CHECK(j.find(R"J("offload":{"dev":"eth2","ifindex":2,"dir":"in"})J") != std::string::npos);
    CHECK(j.find(R"J("if_id":66)J") != std::string::npos);
    CHECK(j.find(R"J("tfcpad":16)J") != std::string::npos);
    CHECK(j.find(R"J("sel":{"family":"inet","src":"10.1.0.0","src_prefixlen":16,"dst":"0.0.0.0",)J"
                 R"J("dst_prefixlen":0,"proto":"tcp","proto_num":6,"dport":80,"dev":"eth2",)J"
                 R"J("ifindex":2,"uid":0})J") != std::string::npos);
    CHECK(j.find(R"J("security_context":{"doi":1,"alg":1,)J"
                 R"J("context":"system_u:object_r:ipsec_spd_t:s0"})J") != std::string::npos);
    CHECK(j.find("lifetime") == std::string::npos); // only with -s

    PrintOptions s2 = with_ifnames();
    s2.stats = 2;
    std::string js = state_to_json(s, s2, true);
    CHECK(valid_json(js));
    CHECK(js.find("\"soft_byte_limit\": 1000,") != std::string::npos);
}

TEST_CASE("json: policy, compact", "[print_json]") {
    Policy p = sample_policy();
    CHECK(policy_to_json(p, PrintOptions{}, false) ==
          R"J({"sel":{"family":"inet","src":"10.0.0.0","src_prefixlen":24,"dst":"10.0.1.0",)J"
          R"J("dst_prefixlen":24,"proto":"tcp","proto_num":6,"sport":1234,"uid":0},)J"
          R"J("dir":"out","socket":false,"action":"allow","index":8,"priority":100,)J"
          R"J("ptype":"main","share":"any","flags":[],)J"
          R"J("tmpl":[{"src":"192.0.2.1","dst":"198.51.100.1","family":"inet","proto":"esp",)J"
          R"J("spi":0,"spi_hex":"0x00000000","reqid":16,"mode":"tunnel","level":"use",)J"
          R"J("share":"any","enc_mask":4294967295,"auth_mask":4294967295,)J"
          R"J("comp_mask":4294967295}]})J");
}

TEST_CASE("json: policy details", "[print_json]") {
    Policy p = sample_policy();
    p.dir = 4; // socket out
    p.action = 1;
    p.flags = policy_flag::localok | policy_flag::icmp;
    p.mark = Mark{1, 0xffffffff};
    p.if_id = 9;
    p.ptype = kPolicyTypeSub;
    p.sec_ctx = SecurityContext{1, 1, "ctx"};
    p.sel.proto = ipproto::icmp;
    p.sel.dport = 0;
    p.sel.dport_mask = 0xffff;
    p.sel.sport = 8;
    PrintOptions opt;
    opt.stats = 1;
    std::string j = policy_to_json(p, opt, false);
    CHECK(valid_json(j));
    CHECK(j.find(R"J("proto":"icmp","proto_num":1,"type":8,"code":0,)J") != std::string::npos);
    CHECK(j.find(R"J("dir":"out","socket":true,"action":"block")J") != std::string::npos);
    CHECK(j.find(R"J("ptype":"sub")J") != std::string::npos);
    CHECK(j.find(R"J("flags":["localok","icmp"])J") != std::string::npos);
    CHECK(j.find(R"J("mark":{"value":1,"mask":4294967295})J") != std::string::npos);
    CHECK(j.find(R"J("if_id":9)J") != std::string::npos);
    CHECK(j.find(R"J("security_context":{"doi":1,"alg":1,"context":"ctx"})J") != std::string::npos);
    CHECK(j.find(R"J("lifetime_current":{)J") != std::string::npos);

    Policy gre;
    gre.sel.family = AF_INET6;
    gre.sel.proto = ipproto::gre;
    gre.sel.sport = 1;
    gre.sel.dport = 2;
    gre.sel.sport_mask = gre.sel.dport_mask = 0xffff;
    std::string g = policy_to_json(gre, PrintOptions{}, false);
    CHECK(g.find(R"J("family":"inet6","src":"::","src_prefixlen":0,"dst":"::")J") !=
          std::string::npos);
    CHECK(g.find(R"J("key":65538)J") != std::string::npos);
}

TEST_CASE("json: pretty layout", "[print_json]") {
    Policy p;
    p.sel.family = AF_INET;
    p.dir = 2;
    CHECK(policies_to_json({p}, PrintOptions{}, true) == "[\n"
                                                         "    {\n"
                                                         "        \"sel\": {\n"
                                                         "            \"family\": \"inet\",\n"
                                                         "            \"src\": \"0.0.0.0\",\n"
                                                         "            \"src_prefixlen\": 0,\n"
                                                         "            \"dst\": \"0.0.0.0\",\n"
                                                         "            \"dst_prefixlen\": 0,\n"
                                                         "            \"uid\": 0\n"
                                                         "        },\n"
                                                         "        \"dir\": \"fwd\",\n"
                                                         "        \"socket\": false,\n"
                                                         "        \"action\": \"allow\",\n"
                                                         "        \"index\": 0,\n"
                                                         "        \"priority\": 0,\n"
                                                         "        \"share\": \"any\",\n"
                                                         "        \"flags\": []\n"
                                                         "    }\n"
                                                         "]\n");
}

TEST_CASE("json: arrays", "[print_json]") {
    PrintOptions opt;
    CHECK(states_to_json({}, opt, false) == "[]\n");
    CHECK(states_to_json({}, opt, true) == "[]\n");
    CHECK(policies_to_json({}, opt, false) == "[]\n");
    CHECK(policies_to_json({}, opt, true) == "[]\n");

    State s = sample_state();
    std::string one = state_to_json(s, opt, false);
    CHECK(states_to_json({s, s}, opt, false) == "[" + one + "," + one + "]\n");

    std::string pretty = states_to_json({s, full_state()}, with_ifnames(), true);
    CHECK(valid_json(pretty));
    CHECK(pretty.rfind("[\n    {\n        \"src\": \"10.0.0.1\",\n", 0) == 0);
    CHECK(pretty.find("\n    },\n    {\n") != std::string::npos);
    CHECK(pretty.size() >= 4);
    CHECK(pretty.substr(pretty.size() - 4) == "}\n]\n");

    // An object printed at depth 1 lines up with the array's items.
    std::string nested = state_to_json(s, opt, true, 1);
    CHECK(nested.rfind("{\n        \"src\"", 0) == 0);
    CHECK(nested.substr(nested.size() - 6) == "\n    }");

    std::string policies = policies_to_json({sample_policy(), sample_policy()}, opt, true);
    CHECK(valid_json(policies));
    CHECK(policies.find("        \"tmpl\": [\n            {\n                \"src\": ") !=
          std::string::npos);
}

TEST_CASE("json: string escaping", "[print_json]") {
    State s = sample_state();
    s.sec_ctx = SecurityContext{1, 1,
                                std::string("q\"b\\s/\n\r\t\b\f\x01\x1f\x7f") + "\xc3\xa9" +
                                    "\xff" + "\xe2\x82" + "!"};
    std::string j = state_to_json(s, PrintOptions{}, false);
    CHECK(valid_json(j));
    CHECK(j.find(R"J("context":"q\"b\\s/\n\r\t\b\f\u0001\u001f\u007f)J"
                 "\xc3\xa9"
                 R"J(\ufffd\ufffd\ufffd!")J") != std::string::npos);

    State n = sample_state();
    n.enc->name = "we\"ird";
    CHECK(valid_json(state_to_json(n, PrintOptions{}, true)));
}

TEST_CASE("json: counts and default policy", "[print_json]") {
    CHECK(sad_info_to_json(SadInfo{2, 8, 1048576}, false) ==
          "{\"count\":2,\"hash_count\":8,\"hash_max\":1048576}\n");
    CHECK(sad_info_to_json(SadInfo{2, 8, 1048576}, true) ==
          "{\n    \"count\": 2,\n    \"hash_count\": 8,\n    \"hash_max\": 1048576\n}\n");

    SpdInfo info;
    info.in = 2;
    info.out = 1;
    CHECK(spd_info_to_json(info, false) ==
          R"J({"in":2,"out":1,"fwd":0,"in_sock":0,"out_sock":0,"fwd_sock":0})J"
          "\n");
    info.hash_count = 7;
    info.hash_max = 1048576;
    info.ipv4_thresh = SpdHashThreshold{32, 32};
    info.ipv6_thresh = SpdHashThreshold{128, 128};
    CHECK(spd_info_to_json(info, false) ==
          R"J({"in":2,"out":1,"fwd":0,"in_sock":0,"out_sock":0,"fwd_sock":0,"hash_count":7,)J"
          R"J("hash_max":1048576,"ipv4_thresh":{"local":32,"remote":32},)J"
          R"J("ipv6_thresh":{"local":128,"remote":128}})J"
          "\n");
    CHECK(valid_json(spd_info_to_json(info, true)));

    CHECK(default_policy_to_json(DefaultPolicy{1, 2, 0}, false) ==
          R"J({"in":"block","fwd":"accept","out":"unspec"})J"
          "\n");
    CHECK(valid_json(default_policy_to_json(DefaultPolicy{}, true)));
}
