// SPDX-License-Identifier: GPL-2.0-or-later
// Tests of the typed fixed parts of the rarer XFRM notifications
// (decode_monitor_event: AcquireInfo, ReportInfo, AeventInfo, MappingInfo,
// the default policy), from messages built with the kernel's structs.
#include "xfrm/netlink.hpp"

#include <arpa/inet.h>
#include <catch2/catch.hpp>
#include <cstring>
#include <linux/netlink.h>
#include <linux/xfrm.h>
#include <vector>

using namespace ipxf;

namespace {

// A message of `type` whose payload is `body` and then `extra` bytes.
template <typename T>
std::vector<std::uint8_t> message(std::uint16_t type, const T& body,
                                  const std::vector<std::uint8_t>& extra = {}) {
    std::vector<std::uint8_t> m(NLMSG_HDRLEN + NLMSG_ALIGN(sizeof(T)), 0);
    std::memcpy(m.data() + NLMSG_HDRLEN, &body, sizeof(T));
    m.insert(m.end(), extra.begin(), extra.end());
    nlmsghdr h{};
    h.nlmsg_len = static_cast<std::uint32_t>(m.size());
    h.nlmsg_type = type;
    std::memcpy(m.data(), &h, sizeof(h));
    return m;
}

xfrm_address_t v4(const char* text) {
    xfrm_address_t a{};
    inet_pton(AF_INET, text, &a.a4);
    return a;
}

MonitorEvent decode(const std::vector<std::uint8_t>& m) {
    return decode_monitor_event(m.data(), m.size());
}

} // namespace

TEST_CASE("monitor info: aevent and mapping") {
    xfrm_aevent_id ae{};
    ae.sa_id.daddr = v4("192.0.2.2");
    ae.sa_id.spi = htonl(0x1234);
    ae.sa_id.family = AF_INET;
    ae.sa_id.proto = IPPROTO_ESP;
    ae.saddr = v4("192.0.2.1");
    ae.flags = XFRM_AE_CR | XFRM_AE_CU;
    ae.reqid = 7;
    MonitorEvent ev = decode(message(XFRM_MSG_NEWAE, ae));
    REQUIRE(ev.aevent);
    CHECK(ev.aevent->flags == (XFRM_AE_CR | XFRM_AE_CU));
    CHECK(ev.aevent->id.spi == 0x1234);
    CHECK(ev.aevent->id.daddr.to_string() == "192.0.2.2");
    CHECK(ev.aevent->saddr.to_string() == "192.0.2.1");
    CHECK(ev.aevent->reqid == 7);
    CHECK_FALSE(ev.mapping);

    xfrm_user_mapping m{};
    m.id = ae.sa_id;
    m.reqid = 9;
    m.old_saddr = v4("198.51.100.1");
    m.new_saddr = v4("198.51.100.2");
    m.old_sport = htons(4500);
    m.new_sport = htons(61000);
    ev = decode(message(XFRM_MSG_MAPPING, m));
    REQUIRE(ev.mapping);
    CHECK(ev.mapping->old_saddr.to_string() == "198.51.100.1");
    CHECK(ev.mapping->new_saddr.to_string() == "198.51.100.2");
    CHECK(ev.mapping->old_sport == 4500);
    CHECK(ev.mapping->new_sport == 61000);
    CHECK(ev.mapping->reqid == 9);
}

TEST_CASE("monitor info: acquire, default policy, and messages too short") {
    xfrm_user_acquire a{};
    a.id.proto = IPPROTO_ESP;
    a.id.spi = htonl(0x55);
    a.sel.family = AF_INET;
    a.sel.daddr = v4("10.2.0.1");
    a.sel.prefixlen_d = 32;
    a.sel.dport = htons(80);
    a.sel.dport_mask = 0xffff;
    a.policy.sel.family = AF_INET;
    a.seq = 3;
    a.ealgos = 0xff;
    auto bytes = message(XFRM_MSG_ACQUIRE, a);
    MonitorEvent ev = decode(bytes);
    REQUIRE(ev.acquire);
    CHECK(ev.acquire->proto == IPPROTO_ESP);
    CHECK(ev.acquire->spi == 0x55);
    CHECK(ev.acquire->sel.dport == 80);
    CHECK(ev.acquire->sel.daddr.to_string() == "10.2.0.1");
    CHECK(ev.acquire->seq == 3);
    CHECK(ev.acquire->ealgos == 0xff);
    // one byte short of the struct: no fixed part
    bytes.resize(NLMSG_HDRLEN + sizeof(a) - 1);
    nlmsghdr h{};
    std::memcpy(&h, bytes.data(), sizeof(h));
    h.nlmsg_len = static_cast<std::uint32_t>(bytes.size());
    std::memcpy(bytes.data(), &h, sizeof(h));
    CHECK_FALSE(decode(bytes).acquire);

    xfrm_userpolicy_default d{};
    d.in = XFRM_USERPOLICY_BLOCK;
    d.fwd = XFRM_USERPOLICY_ACCEPT;
    d.out = XFRM_USERPOLICY_BLOCK;
    ev = decode(message(XFRM_MSG_GETDEFAULT, d));
    REQUIRE(ev.default_policy);
    CHECK(ev.default_policy->in == XFRM_USERPOLICY_BLOCK);
    CHECK(ev.default_policy->fwd == XFRM_USERPOLICY_ACCEPT);
}

TEST_CASE("monitor info: a report with its care-of addresses, one truncated") {
    xfrm_user_report r{};
    r.proto = IPPROTO_ESP;
    r.sel.family = AF_INET6;
    r.sel.prefixlen_s = 64;
    std::vector<std::uint8_t> attrs;
    auto attr = [&](std::uint16_t type, std::size_t len, std::uint8_t fill) {
        nlattr a{static_cast<std::uint16_t>(NLA_HDRLEN + len), type};
        const auto* p = reinterpret_cast<const std::uint8_t*>(&a);
        attrs.insert(attrs.end(), p, p + sizeof(a));
        attrs.insert(attrs.end(), len, fill);
        attrs.resize(NLA_ALIGN(attrs.size()), 0);
    };
    attr(XFRMA_COADDR, sizeof(xfrm_address_t), 0x20);
    attr(XFRMA_ALG_COMP, 4, 0);
    attr(XFRMA_COADDR, 4, 0x30); // too short for an address
    MonitorEvent ev = decode(message(XFRM_MSG_REPORT, r, attrs));
    REQUIRE(ev.report);
    CHECK(ev.report->proto == IPPROTO_ESP);
    CHECK(ev.report->sel.family == AF_INET6);
    CHECK(ev.report->sel.prefixlen_s == 64);
    REQUIRE(ev.report->coaddrs.size() == 2);
    REQUIRE(ev.report->coaddrs[0]);
    CHECK(ev.report->coaddrs[0]->bytes[15] == 0x20);
    CHECK_FALSE(ev.report->coaddrs[1]);
}
