// SPDX-License-Identifier: GPL-2.0-or-later
// ipxf monitor's text: each notification as iproute2 6.1's `ip xfrm
// monitor` prints it, byte for byte.
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
namespace {

// The first line of a selector as xfrm_selector_print() prints it, with the
// line end (the printer's policy output starts with it).
std::string selector_line(Selector sel, std::uint16_t family, const PrintOptions& opt,
                          const std::string& prefix) {
    if (sel.family == AF_UNSPEC)
        sel.family = family;
    Policy p;
    p.sel = sel;
    PrintOptions o = opt;
    o.oneline = false;
    std::string text = format_policy(p, o, prefix);
    text.resize(text.find('\n'));
    return text + (opt.oneline ? "\\" : "\n");
}

// xfrm_policy_info_print() with a prefix: every line after the first starts
// with it, except the mark and security context lines, which ignore it.
std::string policy_with_prefix(const Policy& p, const PrintOptions& opt, const std::string& prefix,
                               const std::string& title) {
    std::string text = format_policy(p, opt, title);
    const std::string sl = opt.oneline ? "\\" : "\n";
    if (opt.oneline && !text.empty() && text.back() == '\n')
        text.pop_back();
    std::string out;
    std::size_t pos = 0;
    bool first = true;
    while (pos < text.size()) {
        std::size_t end = text.find(sl, pos);
        std::size_t stop = end == std::string::npos ? text.size() : end + sl.size();
        std::string line = text.substr(pos, stop - pos);
        if (!first && line.rfind("\tmark ", 0) != 0 && line.rfind("\tsecurity context ", 0) != 0)
            out += prefix;
        out += line;
        first = false;
        pos = stop;
    }
    return out;
}

} // namespace

// ---------------------------------------------------------------------------
// text (ip xfrm monitor)

std::string TextPrinter::event(const MonitorEvent& ev) const {
    switch (ev.type) {
    case XFRM_MSG_NEWSA:
    case XFRM_MSG_DELSA:
    case XFRM_MSG_UPDSA:
    case XFRM_MSG_EXPIRE:
        return state(ev);
    case XFRM_MSG_NEWPOLICY:
    case XFRM_MSG_DELPOLICY:
    case XFRM_MSG_UPDPOLICY:
    case XFRM_MSG_POLEXPIRE:
        return policy(ev);
    case XFRM_MSG_ACQUIRE:
        return acquire(ev);
    case XFRM_MSG_FLUSHSA:
        return flush_state(ev);
    case XFRM_MSG_FLUSHPOLICY:
        return flush_policy(ev);
    case XFRM_MSG_REPORT:
        return report(ev);
    case XFRM_MSG_NEWAE:
        return aevent(ev);
    case XFRM_MSG_MAPPING:
        return mapping(ev);
    case XFRM_MSG_GETDEFAULT:
        return default_policy(ev);
    default:
        break;
    }
    nlmsghdr h{};
    if (ev.raw.size() >= sizeof(h))
        std::memcpy(&h, ev.raw.data(), sizeof(h));
    else
        h.nlmsg_type = ev.type;
    std::string out;
    appendf(out, "Unknown message: %08d 0x%08x 0x%08x\n", static_cast<int>(h.nlmsg_len),
            h.nlmsg_type, h.nlmsg_flags);
    return out;
}

// The "\thard N" line ip prints after an expired SA or policy (inside the
// object's one line with -o).
void TextPrinter::append_hard(std::string& out, unsigned hard) const {
    if (opt_.oneline && !out.empty() && out.back() == '\n')
        out.pop_back();
    appendf(out, "\thard %u", hard);
    out += sl_;
    if (opt_.oneline)
        out += "\n";
}

std::string TextPrinter::state(const MonitorEvent& ev) const {
    if (!ev.state) {
        wrong_len(ev);
        return {};
    }
    const char* title = ev.type == XFRM_MSG_DELSA    ? "Deleted "
                        : ev.type == XFRM_MSG_UPDSA  ? "Updated "
                        : ev.type == XFRM_MSG_EXPIRE ? "Expired "
                                                     : "";
    // iproute2 6.1 prints SA notifications with their keys, nokeys or not.
    std::string out = format_state(*ev.state, opt_, title);
    if (ev.type == XFRM_MSG_EXPIRE) {
        xfrm_user_expire e{};
        append_hard(out, payload(ev, e) ? e.hard : (ev.hard ? 1u : 0u));
    }
    return out;
}

std::string TextPrinter::policy(const MonitorEvent& ev) const {
    if (!ev.policy) {
        wrong_len(ev);
        return {};
    }
    const char* title = ev.type == XFRM_MSG_DELPOLICY   ? "Deleted "
                        : ev.type == XFRM_MSG_UPDPOLICY ? "Updated "
                        : ev.type == XFRM_MSG_POLEXPIRE ? "Expired "
                                                        : "";
    std::string out = format_policy(*ev.policy, opt_, title);
    if (ev.type == XFRM_MSG_POLEXPIRE) {
        xfrm_user_polexpire e{};
        append_hard(out, payload(ev, e) ? e.hard : (ev.hard ? 1u : 0u));
    }
    return out;
}

std::string TextPrinter::acquire(const MonitorEvent& ev) const {
    xfrm_user_acquire a{};
    if (!payload(ev, a) || !ev.policy) {
        wrong_len(ev);
        return {};
    }
    std::uint16_t family = a.sel.family;
    if (family == AF_UNSPEC)
        family = a.policy.sel.family;
    if (family == AF_UNSPEC)
        family = opt_.preferred_family;

    std::string out = "acquire ";
    out += "proto " + xfrm_proto_name(a.id.proto) + " ";
    if (opt_.stats > 0 || a.id.spi) {
        std::uint32_t spi = ntohl(a.id.spi);
        appendf(out, "spi 0x%08x", spi);
        if (opt_.stats > 0)
            appendf(out, "(%u)", spi);
        out += " ";
    }
    out += sl_;
    out += selector_line(selector_of(a.sel), family, opt_, "  sel ");
    out += policy_with_prefix(*ev.policy, opt_, "    ", "  policy ");
    if (opt_.stats > 0) {
        appendf(out, "  seq 0x%08u ", a.seq);
        appendf(out, "enc-mask %.8x ", a.ealgos);
        appendf(out, "auth-mask %.8x ", a.aalgos);
        appendf(out, "comp-mask %.8x", a.calgos);
    }
    out += sl_;
    if (opt_.oneline)
        out += "\n";
    return out;
}

std::string TextPrinter::flush_state(const MonitorEvent& ev) const {
    xfrm_usersa_flush f{};
    if (!payload(ev, f)) {
        wrong_len(ev);
        return {};
    }
    std::string out = "Flushed state proto " + xfrm_proto_name(f.proto);
    out += sl_;
    if (opt_.oneline)
        out += "\n";
    return out;
}

std::string TextPrinter::flush_policy(const MonitorEvent& ev) const {
    std::string out = "Flushed policy ";
    for (const auto& [type, data] : attributes(ev, 0)) {
        if (type != XFRMA_POLICY_TYPE)
            continue;
        out += "ptype ";
        xfrm_userpolicy_type t{};
        if (data.size() < sizeof(t))
            out += "(ERROR truncated)";
        if (!data.empty()) // an empty vector's data() may be null
            std::memcpy(&t, data.data(), std::min(data.size(), sizeof(t)));
        out += t.type == XFRM_POLICY_TYPE_MAIN  ? std::string("main")
               : t.type == XFRM_POLICY_TYPE_SUB ? std::string("sub")
                                                : std::to_string(t.type);
        out += " ";
    }
    out += sl_;
    if (opt_.oneline)
        out += "\n";
    return out;
}

std::string TextPrinter::report(const MonitorEvent& ev) const {
    xfrm_user_report r{};
    if (!payload(ev, r)) {
        wrong_len(ev);
        return {};
    }
    std::uint16_t family = r.sel.family;
    if (family == AF_UNSPEC)
        family = opt_.preferred_family;
    std::string out = "report ";
    out += "proto " + xfrm_proto_name(r.proto) + " ";
    out += sl_;
    out += selector_line(selector_of(r.sel), family, opt_, "  sel ");
    // The kernel sends only XFRMA_COADDR with a report (xfrm_send_report).
    for (const auto& [type, data] : attributes(ev, sizeof(r))) {
        if (type != XFRMA_COADDR)
            continue;
        out += "  coa ";
        if (data.size() < sizeof(xfrm_address_t)) {
            out += "(ERROR truncated)";
            out += sl_;
            continue;
        }
        xfrm_address_t coa;
        std::memcpy(&coa, data.data(), sizeof(coa));
        out += addr_text(coa, family);
        out += sl_;
    }
    (void)nokeys_; // a report carries no keys; `nokeys` changes nothing here
    if (opt_.oneline)
        out += "\n";
    return out;
}

namespace {
// xfrm_usersa_print()
std::string usersa_text(const xfrm_usersa_id& id, std::uint32_t reqid) {
    std::string out = "dst " + addr_text(id.daddr, id.family) + " ";
    appendf(out, " reqid 0x%x", reqid);
    out += " protocol " + ip_proto_name(id.proto) + " ";
    appendf(out, " SPI 0x%x", ntohl(id.spi));
    return out;
}
} // namespace

std::string TextPrinter::aevent(const MonitorEvent& ev) const {
    xfrm_aevent_id id{};
    payload(ev, id); // iproute2 does not check the length here
    std::string out = "Async event ";
    appendf(out, " (0x%x) ", id.flags);
    if (id.flags & XFRM_AE_CR)
        out += " replay update ";
    if (id.flags & XFRM_AE_CE)
        out += " timer expired ";
    if (id.flags & XFRM_AE_CU)
        out += " policy updated ";
    out += "\n\t";
    out += "src " + addr_text(id.saddr, id.sa_id.family) + " ";
    out += usersa_text(id.sa_id, id.reqid);
    out += "\n";
    return out;
}

std::string TextPrinter::mapping(const MonitorEvent& ev) const {
    xfrm_user_mapping m{};
    payload(ev, m);
    std::string out = "Mapping change ";
    out += addr_text(m.old_saddr, m.id.family);
    appendf(out, ":%d -> ", ntohs(m.old_sport));
    out += addr_text(m.new_saddr, m.id.family);
    appendf(out, ":%d\n\t", ntohs(m.new_sport));
    out += usersa_text(m.id, m.reqid);
    out += "\n";
    return out;
}

std::string TextPrinter::default_policy(const MonitorEvent& ev) const {
    xfrm_userpolicy_default d{};
    // ip wants NLMSG_SPACE of the struct here, its padding included
    if (ev.raw.size() < NLMSG_SPACE(sizeof(d)) || !payload(ev, d)) {
        std::fprintf(stderr, "BUG: short nlmsg len %zu (expect %zu) for XFRM_MSG_GETDEFAULT\n",
                     ev.raw.size(), static_cast<std::size_t>(NLMSG_SPACE(sizeof(d))));
        return {};
    }
    DefaultPolicy def;
    def.in = d.in;
    def.fwd = d.fwd;
    def.out = d.out;
    return format_default_policy(def, opt_);
}

} // namespace ipxf::cli
