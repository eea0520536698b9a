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
    if (!ev.acquire || !ev.policy) {
        wrong_len(ev);
        return {};
    }
    const AcquireInfo& a = *ev.acquire;
    std::uint16_t family = a.sel.family;
    if (family == AF_UNSPEC)
        family = a.policy_family;
    if (family == AF_UNSPEC)
        family = opt_.preferred_family;

    std::string out = "acquire ";
    out += "proto " + xfrm_proto_name(a.proto) + " ";
    if (opt_.stats > 0 || a.spi) {
        const std::uint32_t spi = a.spi;
        appendf(out, "spi 0x%08x", spi);
        if (opt_.stats > 0)
            appendf(out, "(%u)", spi);
        out += " ";
    }
    out += sl_;
    out += selector_line(a.sel, family, opt_, "  sel ");
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
    if (!ev.flush_proto) {
        wrong_len(ev);
        return {};
    }
    std::string out = "Flushed state proto " + xfrm_proto_name(*ev.flush_proto);
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
    if (!ev.report) {
        wrong_len(ev);
        return {};
    }
    const ReportInfo& r = *ev.report;
    std::uint16_t family = r.sel.family;
    if (family == AF_UNSPEC)
        family = opt_.preferred_family;
    std::string out = "report ";
    out += "proto " + xfrm_proto_name(r.proto) + " ";
    out += sl_;
    out += selector_line(r.sel, family, opt_, "  sel ");
    // The kernel sends only XFRMA_COADDR with a report (xfrm_send_report).
    for (const std::optional<Address>& coa : r.coaddrs) {
        out += "  coa ";
        out += coa ? addr_text(*coa, family) : std::string("(ERROR truncated)");
        out += sl_;
    }
    (void)nokeys_; // a report carries no keys; `nokeys` changes nothing here
    if (opt_.oneline)
        out += "\n";
    return out;
}

namespace {
// xfrm_usersa_print()
std::string usersa_text(const StateId& id, std::uint32_t reqid) {
    std::string out = "dst " + addr_text(id.daddr, id.family) + " ";
    appendf(out, " reqid 0x%x", reqid);
    out += " protocol " + ip_proto_name(id.proto) + " ";
    appendf(out, " SPI 0x%x", id.spi);
    return out;
}
} // namespace

std::string TextPrinter::aevent(const MonitorEvent& ev) const {
    // iproute2 does not check the length here: zeros for a short message
    const AeventInfo id = ev.aevent.value_or(AeventInfo{});
    std::string out = "Async event ";
    appendf(out, " (0x%x) ", id.flags);
    if (id.flags & XFRM_AE_CR)
        out += " replay update ";
    if (id.flags & XFRM_AE_CE)
        out += " timer expired ";
    if (id.flags & XFRM_AE_CU)
        out += " policy updated ";
    out += "\n\t";
    out += "src " + addr_text(id.saddr, id.id.family) + " ";
    out += usersa_text(id.id, id.reqid);
    out += "\n";
    return out;
}

std::string TextPrinter::mapping(const MonitorEvent& ev) const {
    const MappingInfo m = ev.mapping.value_or(MappingInfo{});
    std::string out = "Mapping change ";
    out += addr_text(m.old_saddr, m.id.family);
    appendf(out, ":%d -> ", m.old_sport);
    out += addr_text(m.new_saddr, m.id.family);
    appendf(out, ":%d\n\t", m.new_sport);
    out += usersa_text(m.id, m.reqid);
    out += "\n";
    return out;
}

std::string TextPrinter::default_policy(const MonitorEvent& ev) const {
    // ip wants NLMSG_SPACE of the struct here, its padding included
    constexpr std::size_t need = NLMSG_SPACE(sizeof(xfrm_userpolicy_default));
    if (ev.raw.size() < need || !ev.default_policy) {
        std::fprintf(stderr, "BUG: short nlmsg len %zu (expect %zu) for XFRM_MSG_GETDEFAULT\n",
                     ev.raw.size(), need);
        return {};
    }
    return format_default_policy(*ev.default_policy, opt_);
}

} // namespace ipxf::cli
