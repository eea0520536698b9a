// SPDX-License-Identifier: GPL-2.0-or-later
// What ipxf monitor's text and JSON printers share: the kernel's structs and
// attributes read out of a saved or received notification, bounds checked.
#include "monitor_event.hpp"

#include "xfrm/print_json.hpp"

#include <arpa/inet.h>
#include <cstdarg>
#include <cstdio>
#include <cstring>
#include <linux/netlink.h>
#include <linux/xfrm.h>
#include <sys/socket.h>

namespace ipxf::cli {

void appendf(std::string& out, const char* fmt, ...) {
    char buf[256];
    va_list ap;
    va_start(ap, fmt);
    int n = std::vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    if (n > 0)
        out.append(buf, std::min<std::size_t>(static_cast<std::size_t>(n), sizeof(buf) - 1));
}

// ip's complaint about a message too short (or, decoded, malformed) for
// its type: the length less the one the type needs, as ip counts it
// (NLMSG_LENGTH of the fixed struct; NLMSG_SPACE for DELSA, DELPOLICY and
// FLUSHSA).
void wrong_len(const MonitorEvent& ev) {
    std::size_t need = 0;
    switch (ev.type) {
    case XFRM_MSG_NEWSA:
    case XFRM_MSG_UPDSA:
        need = NLMSG_LENGTH(sizeof(xfrm_usersa_info));
        break;
    case XFRM_MSG_DELSA:
        need = NLMSG_SPACE(sizeof(xfrm_usersa_id));
        break;
    case XFRM_MSG_EXPIRE:
        need = NLMSG_LENGTH(sizeof(xfrm_user_expire));
        break;
    case XFRM_MSG_NEWPOLICY:
    case XFRM_MSG_UPDPOLICY:
        need = NLMSG_LENGTH(sizeof(xfrm_userpolicy_info));
        break;
    case XFRM_MSG_DELPOLICY:
        need = NLMSG_SPACE(sizeof(xfrm_userpolicy_id));
        break;
    case XFRM_MSG_POLEXPIRE:
        need = NLMSG_LENGTH(sizeof(xfrm_user_polexpire));
        break;
    case XFRM_MSG_ACQUIRE:
        need = NLMSG_LENGTH(sizeof(xfrm_user_acquire));
        break;
    case XFRM_MSG_FLUSHSA:
        need = NLMSG_SPACE(sizeof(xfrm_usersa_flush));
        break;
    case XFRM_MSG_REPORT:
        need = NLMSG_LENGTH(sizeof(xfrm_user_report));
        break;
    default:
        break;
    }
    const long len = static_cast<long>(ev.raw.size()) - static_cast<long>(need);
    std::fprintf(stderr, "BUG: wrong nlmsg len %ld\n", len);
}

// The attributes that follow a fixed payload of `fixed` bytes: (type, data).
std::vector<std::pair<std::uint16_t, std::vector<std::uint8_t>>> attributes(const MonitorEvent& ev,
                                                                            std::size_t fixed) {
    std::vector<std::pair<std::uint16_t, std::vector<std::uint8_t>>> out;
    std::size_t pos = NLMSG_HDRLEN + NLMSG_ALIGN(fixed);
    while (pos + sizeof(nlattr) <= ev.raw.size()) {
        nlattr a;
        std::memcpy(&a, ev.raw.data() + pos, sizeof(a));
        if (a.nla_len < sizeof(nlattr) || pos + a.nla_len > ev.raw.size())
            break;
        const auto* d = ev.raw.data() + pos + NLA_HDRLEN;
        out.emplace_back(a.nla_type & NLA_TYPE_MASK,
                         std::vector<std::uint8_t>(d, d + (a.nla_len - NLA_HDRLEN)));
        pos += NLA_ALIGN(a.nla_len);
    }
    return out;
}

std::string addr_text(const Address& a, std::uint16_t family) {
    if (family != AF_INET && family != AF_INET6)
        return "???";
    Address shown = a;
    shown.family = family;
    return shown.to_string();
}

} // namespace ipxf::cli
