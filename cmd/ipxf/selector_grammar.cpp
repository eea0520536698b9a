// SPDX-License-Identifier: GPL-2.0-or-later
// The `ip xfrm` grammar: SELECTOR (xfrm_selector_parse), ID
// (xfrm_id_parse) and TMPL, shared by the state and policy grammars.
#include "grammar.hpp"

#include <arpa/inet.h>
#include <cctype>
#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <net/if.h>
#include <netdb.h>
#include <string_view>
#include <sys/socket.h>

namespace ipxf::cli {

// ---------------------------------------------------------------- selector

// Keywords are compared as string_view, whose == checks the length before
// the bytes (std::string == const char* always runs memcmp).
bool is_upspec_word(std::string_view w) {
    return w == "proto" || w == "sport" || w == "dport" || w == "type" || w == "code" || w == "key";
}

std::uint8_t parse_ip_proto(Cursor& c) {
    const std::string& w = c.cur();
    if (w == "any")
        return 0;
    if (auto number = ip_proto_number(w))
        return *number;
    auto v = to_unsigned<std::uint8_t>(w);
    if (!v)
        c.invalid("PROTO value is invalid");
    return *v;
}

void parse_upspec(Cursor& c, Selector& sel, SelectorSeen& seen) {
    bool sport = false, type = false, gre = false;
    for (;;) {
        const std::string_view w = c.cur();
        if (w == "proto") {
            c.next();
            sel.proto = parse_ip_proto(c);
            seen.proto = true;
        } else if (w == "sport" || w == "dport") {
            bool is_s = w == "sport";
            c.next();
            std::uint16_t v = parse_be16_value(
                c, "value after \"" + std::string(is_s ? "sport" : "dport") + "\" is invalid");
            (is_s ? sel.sport : sel.dport) = v;
            if (v)
                (is_s ? sel.sport_mask : sel.dport_mask) = 0xffff;
            (is_s ? seen.sport : seen.dport) = true;
            sport = true;
        } else if (w == "type" || w == "code") {
            bool is_t = w == "type";
            c.next();
            auto v = to_unsigned<std::uint16_t>(c.cur());
            if (!v || *v > 0xff)
                c.invalid("value after \"" + std::string(is_t ? "type" : "code") + "\" is invalid");
            (is_t ? sel.sport : sel.dport) = *v;
            (is_t ? sel.sport_mask : sel.dport_mask) = 0xffff;
            (is_t ? seen.sport : seen.dport) = true;
            type = true;
        } else if (w == "key") {
            c.next();
            std::uint32_t key = 0;
            if (c.cur().find('.') != std::string::npos) {
                in_addr a{};
                if (inet_pton(AF_INET, c.cur().c_str(), &a) != 1)
                    c.invalid("value after \"key\" is invalid");
                key = ntohl(a.s_addr);
            } else {
                auto v = to_unsigned<std::uint32_t>(c.cur());
                if (!v)
                    throw CliError(kExitParse, "value after \"key\" is invalid");
                key = *v;
            }
            sel.sport = static_cast<std::uint16_t>(key >> 16);
            sel.dport = static_cast<std::uint16_t>(key & 0xffff);
            sel.sport_mask = sel.dport_mask = 0xffff;
            seen.dport = true;
            gre = true;
        } else {
            c.back();
            break;
        }
        if (!c.has_next())
            break;
        c.advance();
    }
    const std::string pname = ip_proto_name(sel.proto);
    switch (sel.proto) {
    case ipproto::tcp:
    case ipproto::udp:
    case ipproto::sctp:
    case ipproto::dccp:
    case 0:
        if (type || gre)
            break;
        break;
    default:
        if (sport)
            semantic("\"sport\" and \"dport\" are invalid with PROTO value \"" + pname + "\"");
    }
    if (type && sel.proto != ipproto::icmp && sel.proto != ipproto::icmpv6 &&
        sel.proto != ipproto::mh)
        semantic("\"type\" and \"code\" are invalid with PROTO value \"" + pname + "\"");
    if (gre && sel.proto != ipproto::gre)
        semantic("\"key\" is invalid with PROTO value \"" + pname + "\"");
}

// xfrm_selector_parse(): leaves the cursor on the last word it used.
void parse_selector(Cursor& c, Selector& sel, Globals& g, SelectorSeen& seen) {
    std::size_t start = c.pos();
    bool upspec = false;
    std::uint16_t src_family = 0, dst_family = 0;
    for (;;) {
        const std::string_view w = c.cur();
        if (w == "src" || w == "dst") {
            bool is_src = w == "src";
            c.next();
            Prefix p = parse_prefix(c, g.family, is_src ? "src" : "dst");
            sel.family = p.addr.family;
            (is_src ? sel.saddr : sel.daddr) = p.addr;
            (is_src ? sel.prefixlen_s : sel.prefixlen_d) = p.bits;
            (is_src ? seen.src_bits : seen.dst_bits) = p.bits;
            (is_src ? src_family : dst_family) = p.addr.family;
        } else if (w == "dev") {
            c.next();
            if (c.cur() == "none") {
                sel.ifindex = 0;
            } else {
                unsigned idx = if_nametoindex(c.cur().c_str());
                if (idx == 0)
                    c.invalid("DEV value is invalid");
                sel.ifindex = static_cast<std::int32_t>(idx);
            }
            seen.dev = true;
        } else if (!upspec && is_upspec_word(w)) {
            upspec = true;
            parse_upspec(c, sel, seen);
        } else {
            c.back();
            break;
        }
        if (!c.has_next())
            break;
        c.advance();
    }
    if (src_family && dst_family && src_family != dst_family)
        c.invalid("the same address family is required between values after \"src\" and \"dst\"");
    if (c.pos() + 1 == start || (c.pos() < start))
        c.missing("SELECTOR");
}

bool is_selector_word(std::string_view w) {
    return w == "src" || w == "dst" || w == "dev" || is_upspec_word(w);
}

// xfrm_id_parse(): src/dst/proto/spi; leaves the cursor on the last word used.
void parse_id(Cursor& c, Address& saddr, Address& daddr, std::uint8_t& proto, std::uint32_t& spi,
              std::uint16_t& family, Globals& g, bool loose, SelectorSeen* seen, bool* spi_seen,
              bool* proto_seen) {
    std::size_t start = c.pos();
    std::uint16_t sf = 0, df = 0;
    for (;;) {
        const std::string_view w = c.cur();
        if (w == "src" || w == "dst") {
            bool is_src = w == "src";
            c.next();
            Prefix p = parse_prefix(c, g.family, is_src ? "src" : "dst");
            family = p.addr.family;
            (is_src ? saddr : daddr) = p.addr;
            (is_src ? sf : df) = p.addr.family;
            if (seen)
                (is_src ? seen->src_bits : seen->dst_bits) = p.bits;
        } else if (w == "proto") {
            c.next();
            int p = xfrm_proto_by_name(c.cur());
            if (p < 0)
                c.invalid("XFRM-PROTO value is invalid");
            proto = static_cast<std::uint8_t>(p);
            if (proto_seen)
                *proto_seen = true;
        } else if (w == "spi") {
            c.next();
            spi = value_or_invalid<std::uint32_t>(c, "SPI value is invalid");
            if (spi_seen)
                *spi_seen = true;
        } else {
            c.back();
            break;
        }
        if (!c.has_next())
            break;
        c.advance();
    }
    if (sf && df && sf != df)
        c.invalid("the same address family is required between values after \"src\" and \"dst\"");
    if (spi && proto) {
        if (is_ro_proto(proto))
            semantic("\"spi\" is invalid with XFRM-PROTO value \"" + xfrm_proto_name(proto) + "\"");
        if (proto == ipproto::comp && spi >= 0x10000)
            semantic("SPI value is too large with XFRM-PROTO value \"" + xfrm_proto_name(proto) +
                     "\"");
    }
    if (!loose && proto == 0)
        c.missing("XFRM-PROTO");
    if (c.pos() < start)
        c.missing("ID");
}

bool is_id_word(std::string_view w) {
    return w == "src" || w == "dst" || w == "proto" || w == "spi";
}

Template parse_tmpl(Cursor& c, Globals& g) {
    Template t;
    t.family = g.family;
    std::size_t start = c.pos();
    bool id_seen = false;
    for (;;) {
        const std::string_view w = c.cur();
        if (w == "mode") {
            c.next();
            t.mode = parse_mode(c);
        } else if (w == "reqid") {
            c.next();
            t.reqid = value_or_invalid<std::uint32_t>(c, "REQID value is invalid");
        } else if (w == "level") {
            c.next();
            if (c.cur() == "required")
                t.optional = 0;
            else if (c.cur() == "use")
                t.optional = 1;
            else
                c.invalid("LEVEL value is invalid\n");
        } else if (!id_seen && is_id_word(w)) {
            id_seen = true;
            Globals local = g;
            local.family = 0;
            parse_id(c, t.saddr, t.daddr, t.proto, t.spi, t.family, local, false);
            g.family = t.family;
        } else {
            c.back();
            break;
        }
        if (!c.has_next())
            break;
        c.advance();
    }
    if (c.pos() < start)
        c.missing("TMPL");
    return t;
}

bool prefix_match(const Address& a, const Address& b, unsigned bits) {
    unsigned bytes = bits / 8, rest = bits % 8;
    for (unsigned i = 0; i < bytes && i < 16; ++i)
        if (a.bytes[i] != b.bytes[i])
            return false;
    if (rest && bytes < 16) {
        std::uint8_t mask = static_cast<std::uint8_t>(0xff << (8 - rest));
        if ((a.bytes[bytes] & mask) != (b.bytes[bytes] & mask))
            return false;
    }
    return true;
}

} // namespace ipxf::cli
