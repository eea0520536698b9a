// SPDX-License-Identifier: GPL-2.0-or-later
// The fixed part of the rarer XFRM notifications (acquire, report, aevent,
// mapping, default policy) as the model's types: read whenever the message
// is long enough for its struct, whether or not its attributes decode, so
// that a printer can show what iproute2 shows of a malformed message.
#include "xfrm/netlink_codec.hpp"

#include <arpa/inet.h>
#include <cstring>
#include <linux/netlink.h>

namespace ipxf::detail {
namespace {

// The struct at the start of the payload, when the message holds it.
template <typename T>
bool fixed(const nlmsghdr* h, T& out) {
    if (h->nlmsg_len < NLMSG_HDRLEN + sizeof(T))
        return false;
    std::memcpy(&out, reinterpret_cast<const std::uint8_t*>(h) + NLMSG_HDRLEN, sizeof(T));
    return true;
}

// Each XFRMA_COADDR after the report's struct, up to the first attribute
// that does not fit in the message.
std::vector<std::optional<Address>> coaddrs(const nlmsghdr* h) {
    std::vector<std::optional<Address>> out;
    const auto* base = reinterpret_cast<const std::uint8_t*>(h);
    std::size_t pos = NLMSG_HDRLEN + NLMSG_ALIGN(sizeof(xfrm_user_report));
    while (pos + sizeof(nlattr) <= h->nlmsg_len) {
        nlattr a;
        std::memcpy(&a, base + pos, sizeof(a));
        if (a.nla_len < sizeof(nlattr) || pos + a.nla_len > h->nlmsg_len)
            break;
        if ((a.nla_type & NLA_TYPE_MASK) == XFRMA_COADDR) {
            std::optional<Address> coa;
            if (a.nla_len >= NLA_HDRLEN + sizeof(xfrm_address_t)) {
                xfrm_address_t raw;
                std::memcpy(&raw, base + pos + NLA_HDRLEN, sizeof(raw));
                coa = address_from_kernel(raw, 0);
            }
            out.push_back(coa);
        }
        pos += NLA_ALIGN(a.nla_len);
    }
    return out;
}

} // namespace

void decode_event_info(const nlmsghdr* h, MonitorEvent& ev) {
    switch (h->nlmsg_type) {
    case XFRM_MSG_ACQUIRE: {
        xfrm_user_acquire a;
        if (fixed(h, a))
            ev.acquire = AcquireInfo{selector_from_kernel(a.sel),
                                     a.policy.sel.family,
                                     a.id.proto,
                                     ntohl(a.id.spi),
                                     a.seq,
                                     a.ealgos,
                                     a.aalgos,
                                     a.calgos};
        break;
    }
    case XFRM_MSG_REPORT: {
        xfrm_user_report r;
        if (fixed(h, r))
            ev.report = ReportInfo{r.proto, selector_from_kernel(r.sel), coaddrs(h)};
        break;
    }
    case XFRM_MSG_NEWAE: {
        xfrm_aevent_id ae;
        if (fixed(h, ae))
            ev.aevent = AeventInfo{ae.flags, sa_id_from_kernel(ae.sa_id),
                                   address_from_kernel(ae.saddr, ae.sa_id.family), ae.reqid};
        break;
    }
    case XFRM_MSG_MAPPING: {
        xfrm_user_mapping m;
        if (fixed(h, m))
            ev.mapping = MappingInfo{sa_id_from_kernel(m.id),
                                     m.reqid,
                                     address_from_kernel(m.old_saddr, m.id.family),
                                     address_from_kernel(m.new_saddr, m.id.family),
                                     ntohs(m.old_sport),
                                     ntohs(m.new_sport)};
        break;
    }
    case XFRM_MSG_GETDEFAULT: {
        xfrm_userpolicy_default d;
        if (fixed(h, d))
            ev.default_policy = DefaultPolicy{d.in, d.fwd, d.out};
        break;
    }
    default:
        break;
    }
}

} // namespace ipxf::detail
