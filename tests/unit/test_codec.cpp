// SPDX-License-Identifier: GPL-2.0-or-later
// Unit tests of the XFRM netlink codec: encode -> decode round trips, byte
// order on the wire, and malformed input.
#include "xfrm/netlink.hpp"

#include <algorithm>
#include <arpa/inet.h>
#include <catch2/catch.hpp>
#include <cstddef>
#include <cstring>
#include <linux/netlink.h>
#include <linux/xfrm.h>
#include <sys/socket.h>

using namespace ipxf;

namespace {

Address addr(const char* text) {
    auto a = Address::parse(text);
    REQUIRE(a.has_value());
    return *a;
}

Address zero(std::uint16_t family) {
    Address a;
    a.family = family;
    return a;
}

State full_state() {
    State s;
    s.family = AF_INET;
    s.daddr = addr("192.168.27.128");
    s.saddr = addr("192.168.27.1");
    s.spi = 0x1000;
    s.proto = ipproto::esp;
    s.mode = static_cast<std::uint8_t>(Mode::tunnel);
    s.reqid = 42;
    s.seq = 7;
    s.replay_window = 32;
    s.flags = state_flag::noecn | state_flag::af_unspec;
    s.sel.family = AF_INET;
    s.sel.saddr = addr("10.1.0.0");
    s.sel.daddr = addr("10.2.0.0");
    s.sel.prefixlen_s = 16;
    s.sel.prefixlen_d = 24;
    s.sel.proto = ipproto::tcp;
    s.sel.sport = 0x1234;
    s.sel.sport_mask = 0xffff;
    s.sel.dport = 443;
    s.sel.dport_mask = 0xffff;
    s.sel.ifindex = 3;
    s.sel.user = 1000;
    s.lft.soft_byte_limit = 1000000;
    s.lft.hard_packet_limit = 5000;
    s.lft.soft_add_expires_seconds = 3000;
    s.lft.hard_add_expires_seconds = 3600;
    s.lft.soft_use_expires_seconds = 100;
    s.lft.hard_use_expires_seconds = 200;
    s.curlft = LifetimeCurrent{11, 22, 1700000000, 1700000100};
    s.stats = Stats{32, 1, 2};
    s.enc = Algorithm{"cbc(aes)", std::vector<std::uint8_t>(16, 0xaa), 128, std::nullopt};
    s.auth = Algorithm{"hmac(sha1)", std::vector<std::uint8_t>(20, 0xbb), 160, 96u};
    s.aead = Algorithm{"rfc4106(gcm(aes))", std::vector<std::uint8_t>(20, 0xcc), 160, 128u};
    s.comp = Algorithm{"deflate", {}, 0, std::nullopt};
    Encap e;
    e.type = 2;
    e.sport = 4500;
    e.dport = 4501;
    e.oa = addr("172.16.0.1");
    s.encap = e;
    s.coaddr = addr("172.16.0.2");
    s.mark = Mark{0x10, 0xff};
    s.if_id = 9;
    s.output_mark = 0x20;
    s.set_mark_mask = 0xf0;
    s.extra_flags = state_extra_flag::dont_encap_dscp;
    s.tfcpad = 1500;
    s.replay = ReplayState{1, 2, 0xdeadbeef};
    s.replay_esn = ReplayStateEsn{3, 4, 5, 6, 64, {0x11111111, 0x22222222}};
    s.replay_thresh = 10;
    s.replay_maxage = 20;
    s.lastused = 1700000200;
    s.offload = Offload{4, 2};
    s.sec_ctx = SecurityContext{1, 2, "system_u:object_r:ipsec_spd_t:s0"};
    return s;
}

Policy full_policy() {
    Policy p;
    p.sel.family = AF_INET6;
    p.sel.saddr = addr("2001:db8::1");
    p.sel.daddr = addr("2001:db8:1::");
    p.sel.prefixlen_s = 128;
    p.sel.prefixlen_d = 48;
    p.sel.proto = ipproto::udp;
    p.sel.sport = 500;
    p.sel.sport_mask = 0xffff;
    p.sel.dport = 0x0102;
    p.sel.dport_mask = 0xff00;
    p.lft.hard_add_expires_seconds = 60;
    p.curlft = LifetimeCurrent{1, 2, 3, 4};
    p.priority = 2080;
    p.index = 0x1234;
    p.dir = static_cast<std::uint8_t>(Direction::fwd);
    p.action = 1;
    p.flags = policy_flag::localok;
    p.share = 1;
    p.ptype = kPolicyTypeSub;
    Template t;
    t.family = AF_INET6;
    t.daddr = addr("2001:db8::2");
    t.saddr = addr("2001:db8::1");
    t.spi = 0x1000;
    t.proto = ipproto::esp;
    t.reqid = 5;
    t.mode = static_cast<std::uint8_t>(Mode::tunnel);
    t.share = 2;
    t.optional = 1;
    t.aalgos = 0x0f;
    t.ealgos = 0xf0;
    t.calgos = 0;
    p.tmpls.push_back(t);
    Template t2;
    t2.family = AF_INET6;
    t2.daddr = zero(AF_INET6);
    t2.saddr = zero(AF_INET6);
    t2.proto = ipproto::comp;
    p.tmpls.push_back(t2);
    p.mark = Mark{1, 0xffffffff};
    p.if_id = 77;
    p.sec_ctx = SecurityContext{1, 1, "ctx"};
    p.offload = Offload{2, 1};
    return p;
}

const nlmsghdr* hdr(const std::vector<std::uint8_t>& m) {
    return reinterpret_cast<const nlmsghdr*>(m.data());
}

// Appends one attribute and fixes nlmsg_len.
void append_attr(std::vector<std::uint8_t>& m, std::uint16_t type, const void* data,
                 std::size_t len) {
    m.resize(NLMSG_ALIGN(m.size()));
    nlattr a{};
    a.nla_len = static_cast<std::uint16_t>(NLA_HDRLEN + len);
    a.nla_type = type;
    const auto* ap = reinterpret_cast<const std::uint8_t*>(&a);
    m.insert(m.end(), ap, ap + sizeof(a));
    const auto* dp = static_cast<const std::uint8_t*>(data);
    m.insert(m.end(), dp, dp + len);
    m.resize(NLA_ALIGN(m.size()));
    const std::uint32_t total = static_cast<std::uint32_t>(m.size());
    std::memcpy(m.data(), &total, sizeof(total));
}

// Finds the first attribute of `type` after a payload of `hdrlen` bytes.
const nlattr* find_attr(const std::vector<std::uint8_t>& m, std::size_t hdrlen,
                        std::uint16_t type) {
    std::size_t off = NLMSG_HDRLEN + NLMSG_ALIGN(hdrlen);
    while (off + NLA_HDRLEN <= m.size()) {
        const auto* a = reinterpret_cast<const nlattr*>(m.data() + off);
        if (a->nla_len < NLA_HDRLEN)
            return nullptr;
        if (a->nla_type == type)
            return a;
        off += NLA_ALIGN(a->nla_len);
    }
    return nullptr;
}

std::vector<std::uint8_t> at(const std::vector<std::uint8_t>& m, std::size_t off, std::size_t n) {
    REQUIRE(off + n <= m.size());
    return {m.begin() + static_cast<std::ptrdiff_t>(off),
            m.begin() + static_cast<std::ptrdiff_t>(off + n)};
}

using Bytes = std::vector<std::uint8_t>;

} // namespace

TEST_CASE("state round trip with every optional field") {
    const State s = full_state();
    const auto msg = codec::encode_add_state(s, false, 99);
    REQUIRE(msg.size() >= NLMSG_HDRLEN + sizeof(xfrm_usersa_info));
    CHECK(hdr(msg)->nlmsg_type == XFRM_MSG_NEWSA);
    CHECK(hdr(msg)->nlmsg_seq == 99);
    CHECK(hdr(msg)->nlmsg_len == msg.size());
    CHECK((hdr(msg)->nlmsg_flags & NLM_F_REQUEST) != 0);
    auto d = codec::decode_state(msg);
    REQUIRE(d.ok());
    CHECK(d->sel == s.sel);
    CHECK(d->enc == s.enc);
    CHECK(d->auth == s.auth);
    CHECK(d->aead == s.aead);
    CHECK(d->comp == s.comp);
    CHECK(d->encap == s.encap);
    CHECK(d->replay_esn == s.replay_esn);
    CHECK(d->sec_ctx == s.sec_ctx);
    CHECK(*d == s);
}

TEST_CASE("a minimal state round trips and leaves the optionals unset") {
    State s;
    s.family = AF_INET6;
    s.daddr = addr("2001:db8::1");
    s.saddr = addr("2001:db8::2");
    s.spi = 0xc0ffee;
    s.proto = ipproto::ah;
    s.sel.daddr = zero(0);
    s.sel.saddr = zero(0);
    s.auth = Algorithm{"hmac(sha256)", std::vector<std::uint8_t>(32, 1), 256, std::nullopt};
    const auto msg = codec::encode_add_state(s, true, 1);
    CHECK(hdr(msg)->nlmsg_type == XFRM_MSG_UPDSA);
    CHECK(find_attr(msg, sizeof(xfrm_usersa_info), XFRMA_ALG_AUTH) != nullptr);
    CHECK(find_attr(msg, sizeof(xfrm_usersa_info), XFRMA_ALG_AUTH_TRUNC) == nullptr);
    auto d = codec::decode_state(msg);
    REQUIRE(d.ok());
    CHECK(*d == s);
    CHECK_FALSE(d->enc.has_value());
    CHECK_FALSE(d->mark.has_value());
    CHECK_FALSE(d->if_id.has_value());
    CHECK_FALSE(d->auth->icv_bits.has_value());
}

TEST_CASE("auth with a truncation length goes as XFRMA_ALG_AUTH_TRUNC") {
    State s;
    s.family = AF_INET;
    s.auth = Algorithm{"hmac(sha1)", std::vector<std::uint8_t>(20, 2), 160, 96u};
    const auto msg = codec::encode_add_state(s, false, 1);
    const nlattr* a = find_attr(msg, sizeof(xfrm_usersa_info), XFRMA_ALG_AUTH_TRUNC);
    REQUIRE(a != nullptr);
    CHECK(find_attr(msg, sizeof(xfrm_usersa_info), XFRMA_ALG_AUTH) == nullptr);
    xfrm_algo_auth k;
    std::memcpy(&k, reinterpret_cast<const std::uint8_t*>(a) + NLA_HDRLEN, sizeof(k));
    CHECK(std::string(k.alg_name) == "hmac(sha1)");
    CHECK(k.alg_key_len == 160);
    CHECK(k.alg_trunc_len == 96);
}

TEST_CASE("decode prefers AUTH_TRUNC when the kernel sends both") {
    State s;
    s.family = AF_INET;
    s.auth = Algorithm{"hmac(sha256)", std::vector<std::uint8_t>(32, 3), 256, 128u};
    auto msg = codec::encode_add_state(s, false, 1);
    // The kernel's dumps add a plain XFRMA_ALG_AUTH beside AUTH_TRUNC.
    std::vector<std::uint8_t> plain(sizeof(xfrm_algo) + 32, 3);
    xfrm_algo head{};
    std::strcpy(head.alg_name, "hmac(sha256)");
    head.alg_key_len = 256;
    std::memcpy(plain.data(), &head, sizeof(head));
    append_attr(msg, XFRMA_ALG_AUTH, plain.data(), plain.size());
    auto d = codec::decode_state(msg);
    REQUIRE(d.ok());
    REQUIRE(d->auth.has_value());
    CHECK(d->auth->icv_bits == std::optional<std::uint32_t>(128));
    CHECK(*d->auth == *s.auth);
}

TEST_CASE("unknown attributes (newer kernels) are skipped") {
    State s = full_state();
    auto msg = codec::encode_add_state(s, false, 1);
    const std::uint8_t dir = 1;
    append_attr(msg, XFRMA_MAX + 3, &dir, 1);
    auto d = codec::decode_state(msg);
    REQUIRE(d.ok());
    CHECK(*d == s);
}

TEST_CASE("byte order on the wire: SPI, selector ports, encap ports") {
    State s = full_state();
    const auto msg = codec::encode_add_state(s, false, 1);
    const std::size_t base = NLMSG_HDRLEN;
    const std::size_t spi = base + offsetof(xfrm_usersa_info, id) + offsetof(xfrm_id, spi);
    CHECK(at(msg, spi, 4) == Bytes{0x00, 0x00, 0x10, 0x00});
    const std::size_t sel = base + offsetof(xfrm_usersa_info, sel);
    CHECK(at(msg, sel + offsetof(xfrm_selector, sport), 2) == Bytes{0x12, 0x34});
    CHECK(at(msg, sel + offsetof(xfrm_selector, sport_mask), 2) == Bytes{0xff, 0xff});
    CHECK(at(msg, sel + offsetof(xfrm_selector, dport), 2) == Bytes{0x01, 0xbb}); // 443
    // Addresses are copied as they are (already network order).
    CHECK(at(msg, base + offsetof(xfrm_usersa_info, id), 4) == Bytes{192, 168, 27, 128});
    // Lifetime limits left at "infinite" go as XFRM_INF.
    xfrm_usersa_info info;
    std::memcpy(&info, msg.data() + base, sizeof(info));
    CHECK(info.lft.hard_byte_limit == XFRM_INF);
    CHECK(info.lft.soft_packet_limit == XFRM_INF);
    CHECK(info.lft.soft_byte_limit == 1000000);

    const nlattr* e = find_attr(msg, sizeof(xfrm_usersa_info), XFRMA_ENCAP);
    REQUIRE(e != nullptr);
    const std::size_t eoff =
        static_cast<std::size_t>(reinterpret_cast<const std::uint8_t*>(e) - msg.data()) +
        NLA_HDRLEN;
    CHECK(at(msg, eoff + offsetof(xfrm_encap_tmpl, encap_sport), 2) == Bytes{0x11, 0x94});
    CHECK(at(msg, eoff + offsetof(xfrm_encap_tmpl, encap_dport), 2) == Bytes{0x11, 0x95});
}

TEST_CASE("policy round trip with every optional field") {
    const Policy p = full_policy();
    const auto msg = codec::encode_add_policy(p, false, 5);
    CHECK(hdr(msg)->nlmsg_type == XFRM_MSG_NEWPOLICY);
    CHECK(hdr(msg)->nlmsg_seq == 5);
    auto d = codec::decode_policy(msg);
    REQUIRE(d.ok());
    CHECK(d->sel == p.sel);
    CHECK(d->tmpls == p.tmpls);
    CHECK(*d == p);

    const auto upd = codec::encode_add_policy(p, true, 6);
    CHECK(hdr(upd)->nlmsg_type == XFRM_MSG_UPDPOLICY);
}

TEST_CASE("a policy without templates has no XFRMA_TMPL") {
    Policy p;
    p.sel.family = AF_INET;
    p.sel.saddr = addr("10.0.0.1");
    p.sel.daddr = addr("10.0.0.2");
    p.sel.prefixlen_s = p.sel.prefixlen_d = 32;
    p.dir = static_cast<std::uint8_t>(Direction::out);
    const auto msg = codec::encode_add_policy(p, false, 1);
    CHECK(find_attr(msg, sizeof(xfrm_userpolicy_info), XFRMA_TMPL) == nullptr);
    CHECK(find_attr(msg, sizeof(xfrm_userpolicy_info), XFRMA_POLICY_TYPE) == nullptr);
    auto d = codec::decode_policy(msg);
    REQUIRE(d.ok());
    CHECK(*d == p);
    CHECK(d->tmpls.empty());
    CHECK_FALSE(d->ptype.has_value());
}

TEST_CASE("policy byte order: selector ports and template SPI") {
    const Policy p = full_policy();
    const auto msg = codec::encode_add_policy(p, false, 1);
    const std::size_t sel = NLMSG_HDRLEN + offsetof(xfrm_userpolicy_info, sel);
    CHECK(at(msg, sel + offsetof(xfrm_selector, sport), 2) == Bytes{0x01, 0xf4}); // 500
    CHECK(at(msg, sel + offsetof(xfrm_selector, dport), 2) == Bytes{0x01, 0x02});
    CHECK(at(msg, sel + offsetof(xfrm_selector, dport_mask), 2) == Bytes{0xff, 0x00});
    const nlattr* t = find_attr(msg, sizeof(xfrm_userpolicy_info), XFRMA_TMPL);
    REQUIRE(t != nullptr);
    CHECK(t->nla_len == NLA_HDRLEN + 2 * sizeof(xfrm_user_tmpl));
    const std::size_t toff =
        static_cast<std::size_t>(reinterpret_cast<const std::uint8_t*>(t) - msg.data()) +
        NLA_HDRLEN;
    CHECK(at(msg, toff + offsetof(xfrm_user_tmpl, id) + offsetof(xfrm_id, spi), 4) ==
          Bytes{0x00, 0x00, 0x10, 0x00});
}

TEST_CASE("malformed and truncated messages give errors, not crashes") {
    const auto smsg = codec::encode_add_state(full_state(), false, 1);
    const auto pmsg = codec::encode_add_policy(full_policy(), false, 1);

    SECTION("empty and tiny buffers") {
        CHECK_FALSE(codec::decode_state({}).ok());
        CHECK_FALSE(codec::decode_policy({}).ok());
        CHECK_FALSE(codec::decode_state(Bytes(8, 0)).ok());
    }
    SECTION("buffer shorter than nlmsg_len") {
        Bytes cut(smsg.begin(), smsg.begin() + static_cast<std::ptrdiff_t>(smsg.size() / 2));
        auto r = codec::decode_state(cut);
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().domain == ipsec::ErrorDomain::os);
    }
    SECTION("payload shorter than the fixed struct") {
        Bytes cut(smsg.begin(), smsg.begin() + NLMSG_HDRLEN + 40);
        const std::uint32_t len = static_cast<std::uint32_t>(cut.size());
        std::memcpy(cut.data(), &len, 4);
        CHECK_FALSE(codec::decode_state(cut).ok());
    }
    SECTION("wrong message type") {
        CHECK_FALSE(codec::decode_state(pmsg).ok());
        CHECK_FALSE(codec::decode_policy(smsg).ok());
    }
    SECTION("an attribute too short for its struct") {
        State s;
        s.family = AF_INET;
        auto msg = codec::encode_add_state(s, false, 1);
        const std::uint32_t four = 4;
        append_attr(msg, XFRMA_ENCAP, &four, sizeof(four));
        CHECK_FALSE(codec::decode_state(msg).ok());
    }
    SECTION("an algorithm whose key length exceeds the attribute") {
        State s;
        s.family = AF_INET;
        auto msg = codec::encode_add_state(s, false, 1);
        xfrm_algo head{};
        std::strcpy(head.alg_name, "cbc(aes)");
        head.alg_key_len = 4096; // 512 bytes claimed, none there
        append_attr(msg, XFRMA_ALG_CRYPT, &head, sizeof(head));
        CHECK_FALSE(codec::decode_state(msg).ok());
    }
    SECTION("a template list that is not a whole number of templates") {
        Policy p;
        auto msg = codec::encode_add_policy(p, false, 1);
        Bytes junk(sizeof(xfrm_user_tmpl) + 4, 0);
        append_attr(msg, XFRMA_TMPL, junk.data(), junk.size());
        CHECK_FALSE(codec::decode_policy(msg).ok());
    }
    SECTION("every truncation with a patched length: no crash, only whole attributes pass") {
        struct Case {
            const Bytes* msg;
            std::size_t hdrlen;
            bool state;
        };
        for (const Case& c : {Case{&smsg, sizeof(xfrm_usersa_info), true},
                              Case{&pmsg, sizeof(xfrm_userpolicy_info), false}}) {
            const Bytes& m = *c.msg;
            // Where a cut may end and still decode: after the fixed struct, or
            // after a whole attribute (with or without its padding).
            std::vector<bool> may_pass(m.size() + 1, false);
            std::size_t off = NLMSG_HDRLEN + NLMSG_ALIGN(c.hdrlen);
            may_pass[NLMSG_HDRLEN + c.hdrlen] = true;
            may_pass[off] = true;
            while (off + NLA_HDRLEN <= m.size()) {
                const auto* a = reinterpret_cast<const nlattr*>(m.data() + off);
                for (std::size_t e = off + a->nla_len; e <= off + NLA_ALIGN(a->nla_len); ++e)
                    may_pass[e] = true;
                off += NLA_ALIGN(a->nla_len);
            }
            for (std::size_t n = 0; n < m.size(); ++n) {
                Bytes cut(m.begin(), m.begin() + static_cast<std::ptrdiff_t>(n));
                if (n >= 4) {
                    const std::uint32_t len = static_cast<std::uint32_t>(n);
                    std::memcpy(cut.data(), &len, 4);
                }
                const bool ok =
                    c.state ? codec::decode_state(cut).ok() : codec::decode_policy(cut).ok();
                if (ok != may_pass[n] && n >= NLMSG_HDRLEN)
                    FAIL_CHECK("cut at " << n << " of " << m.size() << " decoded: " << ok);
                if (n < NLMSG_HDRLEN + c.hdrlen)
                    CHECK_FALSE(ok);
            }
        }
    }
    SECTION("random corruption does not crash") {
        std::uint32_t x = 12345;
        for (int round = 0; round < 2000; ++round) {
            Bytes m = round % 2 ? smsg : pmsg;
            for (int k = 0; k < 4; ++k) {
                x = x * 1103515245u + 12345u;
                const std::size_t pos = NLMSG_HDRLEN + (x >> 8) % (m.size() - NLMSG_HDRLEN);
                m[pos] = static_cast<std::uint8_t>(x >> 24);
            }
            (void)codec::decode_state(m);
            (void)codec::decode_policy(m);
        }
        SUCCEED();
    }
}

TEST_CASE("decode_monitor_event: a saved message decodes like a live notification") {
    Policy p;
    p.sel.family = AF_INET;
    p.sel.saddr = addr("10.0.0.1");
    p.sel.daddr = addr("10.0.0.2");
    p.sel.prefixlen_s = p.sel.prefixlen_d = 32;
    p.dir = static_cast<std::uint8_t>(Direction::out);
    p.priority = 7;
    const auto msg = codec::encode_add_policy(p, true, 3);
    // unaligned storage, as a file buffer may be
    std::vector<std::uint8_t> shifted(msg.size() + 1);
    std::memcpy(shifted.data() + 1, msg.data(), msg.size());
    MonitorEvent ev = decode_monitor_event(shifted.data() + 1, msg.size());
    CHECK(ev.type == XFRM_MSG_UPDPOLICY);
    REQUIRE(ev.policy.has_value());
    CHECK(*ev.policy == p);
    CHECK(ev.raw == msg);
    CHECK(ev.nsid == -1);
}

TEST_CASE("decode_monitor_event: short or unknown messages keep only type and bytes") {
    Policy p;
    p.sel.family = AF_INET;
    p.dir = static_cast<std::uint8_t>(Direction::in);
    auto msg = codec::encode_add_policy(p, false, 1);
    // too short for its type: the length says 40 bytes
    std::vector<std::uint8_t> shortened(msg.begin(), msg.begin() + 40);
    std::uint32_t len = 40;
    std::memcpy(shortened.data(), &len, sizeof(len));
    MonitorEvent ev = decode_monitor_event(shortened.data(), shortened.size());
    CHECK(ev.type == XFRM_MSG_NEWPOLICY);
    CHECK_FALSE(ev.policy.has_value());
    CHECK(ev.raw.size() == 40);

    // a length beyond the bytes given is cut to them
    std::memcpy(msg.data(), &len, sizeof(len));
    len = 4000;
    std::memcpy(msg.data(), &len, sizeof(len));
    ev = decode_monitor_event(msg.data(), msg.size());
    CHECK(ev.raw.size() == msg.size());

    // an unknown type
    nlmsghdr h{};
    h.nlmsg_len = sizeof(h);
    h.nlmsg_type = 99;
    ev = decode_monitor_event(reinterpret_cast<const std::uint8_t*>(&h), sizeof(h));
    CHECK(ev.type == 99);
    CHECK_FALSE(ev.policy.has_value());
    CHECK_FALSE(ev.state.has_value());
    CHECK(ev.raw.size() == sizeof(h));

    // less than a header
    ev = decode_monitor_event(reinterpret_cast<const std::uint8_t*>(&h), 8);
    CHECK(ev.raw.size() == 8);
    CHECK_FALSE(ev.policy.has_value());
}

TEST_CASE("Address::parse agrees with inet_pton on IPv4 text (its dotted-quad fast path)") {
    auto same_as_inet_pton = [](const std::string& text) {
        std::uint8_t want[4] = {};
        const bool ok =
            inet_pton(AF_INET, text.c_str(), want) == 1 && text.find(':') == std::string::npos;
        auto got = Address::parse(text);
        if (!ok)
            return !got || got->family != AF_INET;
        return got && got->family == AF_INET && std::memcmp(got->bytes.data(), want, 4) == 0 &&
               std::all_of(got->bytes.begin() + 4, got->bytes.end(), [](auto b) { return b == 0; });
    };
    for (const char* t :
         {"1.2.3.4",    "0.0.0.0",    "255.255.255.255", "10.0.0.01", "01.2.3.4",  "256.1.1.1",
          "1.2.3",      "1.2.3.4.",   ".1.2.3.4",        "1..2.3",    "",          "1.2.3.04",
          " 1.2.3.4",   "1.2.3.4 ",   "1.2.3.1234",      "1.2.3.255", "1.2.3.256", "0.0.0.00",
          "172.16.0.1", "1.2.3.4/32", "1.2.3.-4",        "0x1.2.3.4", "1.2.3.4x"})
        CHECK(same_as_inet_pton(t));
    // random strings of digits and dots
    std::uint32_t x = 12345;
    for (int i = 0; i < 200000; ++i) {
        std::string t;
        x = x * 1103515245 + 12345;
        const int len = 1 + static_cast<int>((x >> 16) % 16);
        for (int k = 0; k < len; ++k) {
            x = x * 1103515245 + 12345;
            const unsigned r = (x >> 16) % 12;
            t += r < 10 ? static_cast<char>('0' + r) : '.';
        }
        if (!same_as_inet_pton(t)) {
            FAIL_CHECK("differs from inet_pton: \"" << t << "\"");
            break;
        }
    }
}
