// SPDX-License-Identifier: GPL-2.0-or-later
// `ipxf monitor`: the XFRM notifications, printed like iproute2 6.1's
// `ip xfrm monitor` (byte for byte), or as one JSON object per event with -j.
#include "cli.hpp"
#include "xfrm/print_json.hpp"

#include <arpa/inet.h>
#include <cinttypes>
#include <cstdarg>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <fcntl.h>
#include <linux/netlink.h>
#include <linux/xfrm.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>
#include <utility>

namespace ipxf::cli {
namespace {

// The subscription bits of the XFRM multicast groups (iproute2's nl_mgrp()).
constexpr std::uint32_t group_bit(int group) {
    return 1u << (group - 1);
}

// The group a notification is multicast to (net/xfrm/xfrm_user.c).
std::uint32_t group_of(std::uint16_t type) {
    switch (type) {
    case XFRM_MSG_ACQUIRE:
        return group_bit(XFRMNLGRP_ACQUIRE);
    case XFRM_MSG_EXPIRE:
    case XFRM_MSG_POLEXPIRE:
        return group_bit(XFRMNLGRP_EXPIRE);
    case XFRM_MSG_NEWSA:
    case XFRM_MSG_UPDSA:
    case XFRM_MSG_DELSA:
    case XFRM_MSG_FLUSHSA:
        return group_bit(XFRMNLGRP_SA);
    case XFRM_MSG_NEWPOLICY:
    case XFRM_MSG_UPDPOLICY:
    case XFRM_MSG_DELPOLICY:
    case XFRM_MSG_FLUSHPOLICY:
    case XFRM_MSG_GETDEFAULT:
        return group_bit(XFRMNLGRP_POLICY);
    case XFRM_MSG_NEWAE:
        return group_bit(XFRMNLGRP_AEVENTS);
    case XFRM_MSG_REPORT:
        return group_bit(XFRMNLGRP_REPORT);
    case XFRM_MSG_MIGRATE:
        return group_bit(XFRMNLGRP_MIGRATE);
    case XFRM_MSG_MAPPING:
        return group_bit(XFRMNLGRP_MAPPING);
    default:
        return ~0u;
    }
}

struct MonitorArgs {
    std::uint32_t groups = ~0u;
    bool nokeys = false;
    bool all_nsid = false;
    std::optional<std::string> file; // `file FILE`: saved messages, not the kernel's
};

void monitor_usage() {
    std::fputs("Usage: ip xfrm monitor [ nokeys ] [ all-nsid ] [ all | OBJECTS | help ]\n"
               "OBJECTS := { acquire | expire | SA | aevent | policy | report }\n",
               stderr);
    throw CliError(kExitParse, "");
}

MonitorArgs parse_monitor_args(Cursor& c) {
    MonitorArgs a;
    std::uint32_t want = 0;
    bool some = false;
    auto pick = [&](int group) {
        want |= group_bit(group);
        some = true;
    };
    for (; !c.done(); c.advance()) {
        const std::string& w = c.cur();
        if (matches(w, "file")) {
            a.file = c.next();
        } else if (w == "nokeys") {
            a.nokeys = true;
        } else if (w == "all") {
            // every object: the default
        } else if (matches(w, "all-nsid")) {
            a.all_nsid = true;
        } else if (matches(w, "acquire")) {
            pick(XFRMNLGRP_ACQUIRE);
        } else if (matches(w, "expire")) {
            pick(XFRMNLGRP_EXPIRE);
        } else if (matches(w, "SA")) {
            pick(XFRMNLGRP_SA);
        } else if (matches(w, "aevent")) {
            pick(XFRMNLGRP_AEVENTS);
        } else if (matches(w, "policy")) {
            pick(XFRMNLGRP_POLICY);
        } else if (matches(w, "report")) {
            pick(XFRMNLGRP_REPORT);
        } else if (matches(w, "help")) {
            monitor_usage();
        } else {
            throw CliError(kExitParse,
                           "Argument \"" + w + "\" is unknown, try \"ip xfrm monitor help\".");
        }
    }
    if (some)
        a.groups = want;
    return a;
}

void appendf(std::string& out, const char* fmt, ...) __attribute__((format(printf, 2, 3)));
void appendf(std::string& out, const char* fmt, ...) {
    char buf[256];
    va_list ap;
    va_start(ap, fmt);
    int n = std::vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    if (n > 0)
        out.append(buf, std::min<std::size_t>(static_cast<std::size_t>(n), sizeof(buf) - 1));
}

// A fixed struct at the start of the message payload, when it is long enough.
template <typename T>
bool payload(const MonitorEvent& ev, T& out) {
    if (ev.raw.size() < NLMSG_HDRLEN + sizeof(T))
        return false;
    std::memcpy(&out, ev.raw.data() + NLMSG_HDRLEN, sizeof(T));
    return true;
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

Address address_of(const xfrm_address_t& a, std::uint16_t family) {
    Address out;
    out.family = family;
    std::memcpy(out.bytes.data(), &a, sizeof(a));
    return out;
}

// iproute2's rt_addr_n2a() for the families XFRM carries.
std::string addr_text(const xfrm_address_t& a, std::uint16_t family) {
    if (family != AF_INET && family != AF_INET6)
        return "???";
    return address_of(a, family).to_string();
}

Selector selector_of(const xfrm_selector& s) {
    Selector out;
    out.family = s.family;
    out.saddr = address_of(s.saddr, s.family);
    out.daddr = address_of(s.daddr, s.family);
    out.prefixlen_s = s.prefixlen_s;
    out.prefixlen_d = s.prefixlen_d;
    out.proto = s.proto;
    out.sport = ntohs(s.sport);
    out.sport_mask = ntohs(s.sport_mask);
    out.dport = ntohs(s.dport);
    out.dport_mask = ntohs(s.dport_mask);
    out.ifindex = s.ifindex;
    out.user = s.user;
    return out;
}

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

std::string timestamp_text(bool short_form) {
    timeval tv{};
    gettimeofday(&tv, nullptr);
    tm t{};
    localtime_r(&tv.tv_sec, &t);
    std::string out;
    if (short_form) {
        char b[64];
        std::strftime(b, sizeof(b), "%Y-%m-%dT%H:%M:%S", &t);
        appendf(out, "[%s.%06ld] ", b, static_cast<long>(tv.tv_usec));
    } else {
        char b[64];
        asctime_r(&t, b);
        std::string s = b;
        if (!s.empty() && s.back() == '\n')
            s.pop_back();
        appendf(out, "Timestamp: %s %ld usec\n", s.c_str(), static_cast<long>(tv.tv_usec));
    }
    return out;
}

// ---------------------------------------------------------------------------
// text (ip xfrm monitor)

class TextPrinter {
public:
    TextPrinter(const PrintOptions& opt, bool nokeys)
        : opt_(opt), nokeys_(nokeys), sl_(opt.oneline ? "\\" : "\n") {}

    std::string event(const MonitorEvent& ev) const;

private:
    std::string state(const MonitorEvent& ev) const;
    void append_hard(std::string& out, unsigned hard) const;
    std::string policy(const MonitorEvent& ev) const;
    std::string acquire(const MonitorEvent& ev) const;
    std::string flush_state(const MonitorEvent& ev) const;
    std::string flush_policy(const MonitorEvent& ev) const;
    std::string report(const MonitorEvent& ev) const;
    std::string aevent(const MonitorEvent& ev) const;
    std::string mapping(const MonitorEvent& ev) const;
    std::string default_policy(const MonitorEvent& ev) const;

    const PrintOptions& opt_;
    bool nokeys_;
    const char* sl_;
};

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

// xfrm_usersa_print()
std::string usersa_text(const xfrm_usersa_id& id, std::uint32_t reqid) {
    std::string out = "dst " + addr_text(id.daddr, id.family) + " ";
    appendf(out, " reqid 0x%x", reqid);
    out += " protocol " + ip_proto_name(id.proto) + " ";
    appendf(out, " SPI 0x%x", ntohl(id.spi));
    return out;
}

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

// ---------------------------------------------------------------------------
// JSON (ipxf -j monitor): one object per event

// An object of already-rendered values; nested objects are rendered at
// depth 1 by their printers when pretty.
class JsonEvent {
public:
    explicit JsonEvent(bool pretty) : pretty_(pretty) {}
    JsonEvent& raw(const char* key, std::string value) {
        fields_.emplace_back(key, std::move(value));
        return *this;
    }
    JsonEvent& str(const char* key, const std::string& v) { return raw(key, json_quote(v)); }
    JsonEvent& num(const char* key, std::uint64_t v) { return raw(key, std::to_string(v)); }
    JsonEvent& snum(const char* key, std::int64_t v) { return raw(key, std::to_string(v)); }
    JsonEvent& boolean(const char* key, bool v) { return raw(key, v ? "true" : "false"); }

    std::string take() const {
        std::string out = "{";
        bool first = true;
        for (const auto& [k, v] : fields_) {
            if (!first)
                out += ",";
            first = false;
            if (pretty_)
                out += "\n    ";
            out += json_quote(k) + (pretty_ ? ": " : ":") + v;
        }
        if (pretty_ && !fields_.empty())
            out += "\n";
        return out + "}\n";
    }

private:
    bool pretty_;
    std::vector<std::pair<std::string, std::string>> fields_;
};

const char* family_name(std::uint16_t f) {
    return f == AF_INET ? "inet" : f == AF_INET6 ? "inet6" : f == AF_UNSPEC ? "unspec" : nullptr;
}

void add_family(JsonEvent& j, std::uint16_t f) {
    if (const char* n = family_name(f))
        j.str("family", n);
    else
        j.num("family", f);
}

std::string json_event(const MonitorEvent& ev, const PrintOptions& opt, bool pretty,
                       std::optional<int> nsid) {
    JsonEvent j(pretty);
    const int depth = pretty ? 1 : 0;
    auto event_name = [](std::uint16_t type) -> const char* {
        switch (type) {
        case XFRM_MSG_NEWSA:
            return "add-sa";
        case XFRM_MSG_UPDSA:
            return "update-sa";
        case XFRM_MSG_DELSA:
            return "delete-sa";
        case XFRM_MSG_EXPIRE:
            return "expire-sa";
        case XFRM_MSG_NEWPOLICY:
            return "add-policy";
        case XFRM_MSG_UPDPOLICY:
            return "update-policy";
        case XFRM_MSG_DELPOLICY:
            return "delete-policy";
        case XFRM_MSG_POLEXPIRE:
            return "expire-policy";
        case XFRM_MSG_ACQUIRE:
            return "acquire";
        case XFRM_MSG_FLUSHSA:
            return "flush-sa";
        case XFRM_MSG_FLUSHPOLICY:
            return "flush-policy";
        case XFRM_MSG_REPORT:
            return "report";
        case XFRM_MSG_NEWAE:
            return "aevent";
        case XFRM_MSG_MAPPING:
            return "mapping";
        case XFRM_MSG_GETDEFAULT:
            return "default-policy";
        default:
            return "unknown";
        }
    };
    j.str("event", event_name(ev.type));
    if (nsid) {
        if (*nsid < 0)
            j.str("nsid", "current");
        else
            j.snum("nsid", *nsid);
    }
    switch (ev.type) {
    case XFRM_MSG_NEWSA:
    case XFRM_MSG_UPDSA:
    case XFRM_MSG_DELSA:
    case XFRM_MSG_EXPIRE:
        if (ev.type == XFRM_MSG_EXPIRE)
            j.boolean("hard", ev.hard);
        if (ev.state)
            j.raw("state", state_to_json(*ev.state, opt, pretty, depth));
        break;
    case XFRM_MSG_NEWPOLICY:
    case XFRM_MSG_UPDPOLICY:
    case XFRM_MSG_DELPOLICY:
    case XFRM_MSG_POLEXPIRE:
        if (ev.type == XFRM_MSG_POLEXPIRE)
            j.boolean("hard", ev.hard);
        if (ev.policy)
            j.raw("policy", policy_to_json(*ev.policy, opt, pretty, depth));
        break;
    case XFRM_MSG_ACQUIRE: {
        xfrm_user_acquire a{};
        if (payload(ev, a)) {
            j.num("seq", a.seq);
            j.num("ealgos", a.ealgos);
            j.num("aalgos", a.aalgos);
            j.num("calgos", a.calgos);
        }
        if (ev.state)
            j.raw("state", state_to_json(*ev.state, opt, pretty, depth));
        if (ev.policy)
            j.raw("policy", policy_to_json(*ev.policy, opt, pretty, depth));
        break;
    }
    case XFRM_MSG_FLUSHSA:
        if (ev.flush_proto)
            j.str("proto", xfrm_proto_name(*ev.flush_proto));
        break;
    case XFRM_MSG_FLUSHPOLICY:
        for (const auto& [type, data] : attributes(ev, 0)) {
            xfrm_userpolicy_type t{};
            if (type == XFRMA_POLICY_TYPE && data.size() >= sizeof(t)) {
                std::memcpy(&t, data.data(), sizeof(t));
                j.str("ptype", t.type == XFRM_POLICY_TYPE_MAIN  ? std::string("main")
                               : t.type == XFRM_POLICY_TYPE_SUB ? std::string("sub")
                                                                : std::to_string(t.type));
            }
        }
        break;
    case XFRM_MSG_REPORT: {
        xfrm_user_report r{};
        if (payload(ev, r)) {
            j.str("proto", xfrm_proto_name(r.proto));
            State s; // carries the selector in the SA schema
            s.sel = selector_of(r.sel);
            s.family = r.sel.family;
            for (const auto& [type, data] : attributes(ev, sizeof(r))) {
                if (type == XFRMA_COADDR && data.size() >= sizeof(xfrm_address_t)) {
                    xfrm_address_t coa;
                    std::memcpy(&coa, data.data(), sizeof(coa));
                    j.str("coa",
                          addr_text(coa, r.sel.family ? r.sel.family : opt.preferred_family));
                }
            }
            j.raw("state", state_to_json(s, opt, pretty, depth));
        }
        break;
    }
    case XFRM_MSG_NEWAE:
    case XFRM_MSG_MAPPING: {
        xfrm_usersa_id id{};
        std::uint32_t reqid = 0;
        if (ev.type == XFRM_MSG_NEWAE) {
            xfrm_aevent_id ae{};
            if (!payload(ev, ae))
                break;
            id = ae.sa_id;
            reqid = ae.reqid;
            j.num("flags", ae.flags);
            std::string names = "[";
            auto name = [&](std::uint32_t bit, const char* n) {
                if (!(ae.flags & bit))
                    return;
                if (names.size() > 1)
                    names += pretty ? ", " : ",";
                names += json_quote(n);
            };
            name(XFRM_AE_CR, "replay update");
            name(XFRM_AE_CE, "timer expired");
            name(XFRM_AE_CU, "policy updated");
            j.raw("flag_names", names + "]");
            j.str("src", addr_text(ae.saddr, id.family));
        } else {
            xfrm_user_mapping m{};
            if (!payload(ev, m))
                break;
            id = m.id;
            reqid = m.reqid;
            j.str("old_src", addr_text(m.old_saddr, id.family));
            j.num("old_sport", ntohs(m.old_sport));
            j.str("new_src", addr_text(m.new_saddr, id.family));
            j.num("new_sport", ntohs(m.new_sport));
        }
        j.str("dst", addr_text(id.daddr, id.family));
        add_family(j, id.family);
        j.num("reqid", reqid);
        j.str("proto", xfrm_proto_name(id.proto));
        j.num("spi", ntohl(id.spi));
        break;
    }
    case XFRM_MSG_GETDEFAULT: {
        xfrm_userpolicy_default d{};
        if (payload(ev, d)) {
            j.str("in", default_policy_name(d.in));
            j.str("fwd", default_policy_name(d.fwd));
            j.str("out", default_policy_name(d.out));
        }
        break;
    }
    default: {
        nlmsghdr h{};
        if (ev.raw.size() >= sizeof(h))
            std::memcpy(&h, ev.raw.data(), sizeof(h));
        j.num("type", ev.type);
        j.num("len", h.nlmsg_len);
        j.num("flags", h.nlmsg_flags);
        break;
    }
    }
    return j.take();
}

// Reads `n` bytes unless the file ends first; the count read, or -1 (errno).
ssize_t read_full(int fd, std::uint8_t* to, std::size_t n) {
    std::size_t got = 0;
    while (got < n) {
        ssize_t r = read(fd, to + got, n - got);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0)
            return -1;
        if (r == 0)
            break;
        got += static_cast<std::size_t>(r);
    }
    return static_cast<ssize_t>(got);
}

// iproute2's limit on one saved message (rtnl_from_file's buffer).
constexpr std::size_t kMaxSavedMessage = 16384;

// `monitor file FILE`: the netlink messages saved in FILE (by `ip monitor
// ... save`, rtmon, or any raw capture: nlmsghdr-framed messages, each
// padded to 4 bytes), printed like live ones, then exit. Errors as
// iproute2's rtnl_from_file(), each followed by an ipxf line naming the file
// and the offset of the message.
template <typename Emit>
int monitor_file(const std::string& path, Emit&& emit) {
    const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        const int err = errno;
        std::fprintf(stderr, "Cannot fopen: %s\n", std::strerror(err));
        std::fprintf(stderr, "ipxf: monitor file \"%s\": cannot open it: %s\n", path.c_str(),
                     std::strerror(err));
        return kExitParse;
    }
    std::vector<std::uint8_t> buf(kMaxSavedMessage);
    unsigned long long offset = 0; // of the message being read
    int rc = 0;
    auto fail = [&](const std::string& ip_line, const std::string& ours) {
        std::fflush(stdout);
        std::fprintf(stderr, "%s\n", ip_line.c_str());
        std::fprintf(stderr, "ipxf: monitor file \"%s\": %s\n", path.c_str(), ours.c_str());
        rc = kExitSemantic;
    };
    for (;;) {
        ssize_t got = read_full(fd, buf.data(), NLMSG_HDRLEN);
        if (got < 0) {
            const int err = errno;
            fail(std::string("rtnl_from_file: fread: ") + std::strerror(err),
                 "cannot read at offset " + std::to_string(offset) + ": " + std::strerror(err));
            break;
        }
        if (got == 0)
            break; // the end, between two messages
        if (static_cast<std::size_t>(got) < NLMSG_HDRLEN) {
            fail("rtnl-from_file: truncated message",
                 "the message at offset " + std::to_string(offset) + " is truncated: " +
                     std::to_string(got) + " of the 16 bytes of its header are there");
            break;
        }
        nlmsghdr h;
        std::memcpy(&h, buf.data(), sizeof(h));
        // The length is the file's: checked unsigned (an int would overflow
        // for 2^31 and more), printed as the int ip reads it into.
        const std::size_t len = h.nlmsg_len;
        if (len < NLMSG_HDRLEN || len > kMaxSavedMessage) {
            char line[128];
            std::snprintf(line, sizeof(line), "!!!malformed message: len=%d @%llu",
                          static_cast<int>(h.nlmsg_len), offset + NLMSG_HDRLEN);
            fail(line, "the message at offset " + std::to_string(offset) + " has a length of " +
                           std::to_string(h.nlmsg_len) + " bytes (16 to " +
                           std::to_string(kMaxSavedMessage) +
                           " are possible): not a netlink message, or the file is corrupt");
            break;
        }
        const std::size_t padded = NLMSG_ALIGN(len - NLMSG_HDRLEN);
        got = read_full(fd, buf.data() + NLMSG_HDRLEN, padded);
        if (got < 0) {
            const int err = errno;
            fail(std::string("rtnl_from_file: fread: ") + std::strerror(err),
                 "cannot read at offset " + std::to_string(offset + NLMSG_HDRLEN) + ": " +
                     std::strerror(err));
            break;
        }
        if (static_cast<std::size_t>(got) < padded) {
            fail("rtnl-from_file: truncated message",
                 "the message at offset " + std::to_string(offset) + " is truncated: it has " +
                     std::to_string(len) + " bytes (" + std::to_string(padded + NLMSG_HDRLEN) +
                     " with its padding), the file ends after " +
                     std::to_string(NLMSG_HDRLEN + static_cast<std::size_t>(got)));
            break;
        }
        emit(decode_monitor_event(buf.data(), len));
        offset += NLMSG_HDRLEN + padded;
    }
    close(fd);
    std::fflush(stdout);
    return rc;
}

} // namespace

int monitor_command(Cursor& c, Globals& g, Netlink& nl, MonitorTimestamp ts) {
    const MonitorArgs args = parse_monitor_args(c);
    PrintOptions opt = g.print;
    PrintOptions json_opt = g.print;
    json_opt.nokeys = args.nokeys;
    const TextPrinter text(opt, args.nokeys);

    // One event as ip prints it (or one JSON object); `nsid` is the
    // all-nsid prefix: none, -1 for the current namespace, or the peer's id.
    auto render = [&](const MonitorEvent& ev, std::optional<int> nsid) {
        std::string out;
        if (g.json)
            return ev.type == NLMSG_NOOP || ev.type == NLMSG_ERROR || ev.type == NLMSG_DONE
                       ? out
                       : json_event(ev, json_opt, g.pretty, nsid);
        if (ts != MonitorTimestamp::none)
            out += timestamp_text(ts == MonitorTimestamp::short_form);
        if (nsid) {
            if (*nsid < 0)
                out += "[nsid current]";
            else
                appendf(out, "[nsid %d]", *nsid);
        }
        // ip prints nothing more for these (a file may hold them)
        if (ev.type == NLMSG_NOOP || ev.type == NLMSG_ERROR || ev.type == NLMSG_DONE)
            return out;
        out += text.event(ev);
        return out;
    };

    if (args.file) {
        // Every message of the file: ip applies no object filter here.
        return monitor_file(*args.file, [&](const MonitorEvent& ev) {
            const std::string out =
                render(ev, args.all_nsid ? std::optional<int>(-1) : std::nullopt);
            std::fwrite(out.data(), 1, out.size(), stdout);
        });
    }

    if (args.all_nsid) {
        if (auto r = nl.listen_all_namespaces(); !r) {
            // ip's perror() line and exit status
            std::fprintf(stderr, "NETLINK_LISTEN_ALL_NSID: %s\n", std::strerror(r.error().code));
            std::fprintf(stderr, "ipxf: monitor all-nsid needs CAP_NET_BROADCAST (root)\n");
            return kExitSemantic;
        }
    }
    auto r = nl.monitor([&](const MonitorEvent& ev) {
        if (!(group_of(ev.type) & args.groups))
            return true;
        const std::string out =
            render(ev, args.all_nsid ? std::optional<int>(ev.nsid) : std::nullopt);
        std::fwrite(out.data(), 1, out.size(), stdout);
        if (std::fflush(stdout) != 0)
            return false; // the reader went away
        return true;
    });
    if (!r) {
        std::fprintf(stderr, "ipxf: monitor: %s\n", r.error().to_string().c_str());
        return kExitKernel;
    }
    return 0;
}

} // namespace ipxf::cli
