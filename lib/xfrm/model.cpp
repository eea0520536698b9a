// SPDX-License-Identifier: GPL-2.0-or-later
#include "xfrm/model.hpp"

#include <arpa/inet.h>
#include <cstring>
#include <sys/socket.h>

namespace ipxf {

bool Address::is_zero() const {
    for (auto b : bytes)
        if (b != 0)
            return false;
    return true;
}

std::string Address::to_string() const {
    char buf[INET6_ADDRSTRLEN] = {};
    if (family == AF_INET6)
        inet_ntop(AF_INET6, bytes.data(), buf, sizeof(buf));
    else
        inet_ntop(AF_INET, bytes.data(), buf, sizeof(buf));
    return buf;
}

namespace {
// The plain dotted quad ("10.1.2.3": four decimal octets of 1-3 digits, no
// leading zero, at most 255), the form inet_pton(AF_INET) takes, without its
// per-character work: -batch parses two addresses per line. Anything else is
// left to inet_pton.
bool parse_dotted_quad(const std::string& text, std::uint8_t* out) {
    const char* p = text.data();
    const char* end = p + text.size();
    for (int octet = 0; octet < 4; ++octet) {
        if (octet > 0) {
            if (p == end || *p != '.')
                return false;
            ++p;
        }
        const char* start = p;
        unsigned v = 0;
        while (p < end && *p >= '0' && *p <= '9' && p - start < 3) {
            v = v * 10 + static_cast<unsigned>(*p - '0');
            ++p;
        }
        if (p == start || v > 255 || (p - start > 1 && *start == '0'))
            return false;
        out[octet] = static_cast<std::uint8_t>(v);
    }
    return p == end;
}
} // namespace

std::optional<Address> Address::parse(const std::string& text) {
    Address a;
    if (parse_dotted_quad(text, a.bytes.data())) {
        a.family = AF_INET;
        return a;
    }
    a = Address{};
    if (text.find(':') != std::string::npos) {
        if (inet_pton(AF_INET6, text.c_str(), a.bytes.data()) != 1)
            return std::nullopt;
        a.family = AF_INET6;
        return a;
    }
    if (inet_pton(AF_INET, text.c_str(), a.bytes.data()) != 1)
        return std::nullopt;
    a.family = AF_INET;
    return a;
}

bool Selector::is_zero() const {
    return *this == Selector{};
}

StateId StateId::of(const State& s) {
    StateId id;
    id.daddr = s.daddr;
    id.spi = s.spi;
    id.family = s.family;
    id.proto = s.proto;
    if (!s.saddr.is_zero())
        id.saddr = s.saddr;
    id.mark = s.mark;
    id.if_id = s.if_id;
    return id;
}

PolicyId PolicyId::of(const Policy& p) {
    PolicyId id;
    id.sel = p.sel;
    id.dir = p.dir;
    id.ptype = p.ptype;
    id.mark = p.mark;
    id.if_id = p.if_id;
    id.sec_ctx = p.sec_ctx;
    return id;
}

} // namespace ipxf
