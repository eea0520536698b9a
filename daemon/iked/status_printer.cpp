// SPDX-License-Identifier: GPL-2.0-or-later
#include "status_printer.hpp"

#include "control/escape.hpp"
#include "xfrm/print_json.hpp"

#include <cstdio>

namespace iked {

namespace {

// The text listings carry what peers sent (identities) and what the
// configuration says: every such field goes through escape_text (escape.hpp),
// so a peer cannot end a line or send terminal sequences to the admin's screen.
// The JSON listing escapes through json_quote instead.
std::string padded(const std::string& raw_name) { // charon's "%12s"
    const std::string name = escape_text(raw_name);
    return name.size() >= 12 ? name : std::string(12 - name.size(), ' ') + name;
}

std::string hex(std::uint64_t v, int width) {
    char buf[24];
    std::snprintf(buf, sizeof(buf), "%0*llx", width, static_cast<unsigned long long>(v));
    return buf;
}

std::string join(const std::vector<std::string>& v, const char* sep) {
    std::string out;
    for (const std::string& s : v)
        out += (out.empty() ? "" : sep) + s;
    return out;
}

bool selected(const std::string& conn, const std::optional<std::string>& name) {
    return !name || *name == conn;
}

std::string traffic(const Traffic& t, const char* dir) {
    std::string out = std::to_string(t.bytes) + " bytes_" + dir;
    if (t.packets > 0) {
        out += " (" + std::to_string(t.packets) + " pkt" + (t.packets == 1 ? "" : "s");
        if (t.last_used_ago)
            out += ", " + std::to_string(*t.last_used_ago) + "s ago";
        out += ")";
    }
    return out;
}

void sa_lines(std::string& out, const IkeSaStatus& sa, bool all) {
    const std::string ike = padded(sa.name) + "[" + std::to_string(sa.unique_id) + "]: ";
    out += ike + sa.state;
    if (sa.established_ago)
        out += " " + format_duration(*sa.established_ago) + " ago";
    out += ", " + escape_text(sa.local_addr) + "[" + escape_text(sa.local_id) + "]..." +
           escape_text(sa.remote_addr) + "[" + escape_text(sa.remote_id) + "]\n";
    if (all) {
        out += ike + "IKEv2 SPIs: " + hex(sa.spi_i, 16) + "_i" +
               (sa.local_is_initiator ? "*" : "") + " " + hex(sa.spi_r, 16) + "_r" +
               (sa.local_is_initiator ? "" : "*");
        if (sa.reauth_in)
            out += ", " + sa.auth + " reauthentication in " + format_duration(*sa.reauth_in);
        else if (sa.rekey_in)
            out += ", rekeying in " + format_duration(*sa.rekey_in);
        out += "\n";
        if (!sa.proposal.empty())
            out += ike + "IKE proposal: " + sa.proposal + "\n";
    }
    for (const ChildSaStatus& c : sa.children) {
        const std::string child = padded(c.name) + "{" + std::to_string(c.unique_id) + "}:  ";
        out += child + c.state + ", " + c.mode + ", reqid " + std::to_string(c.reqid) + ", " +
               c.protocol + (c.udp_encap ? " in UDP" : "") + " SPIs: " + hex(c.spi_in, 8) + "_i " +
               hex(c.spi_out, 8) + "_o\n";
        if (all) {
            out += child + c.proposal + ", " + traffic(c.in, "i") + ", " + traffic(c.out, "o");
            if (c.rekey_in)
                out += ", rekeying in " + format_duration(*c.rekey_in);
            else if (c.expires_in)
                out += ", expires in " + format_duration(*c.expires_in);
            out += "\n";
        }
        out += child + " " + escape_text(join(c.local_ts, " ")) +
               " === " + escape_text(join(c.remote_ts, " ")) + "\n";
    }
}

void sa_section(std::string& out, const DaemonStatus& s, const std::optional<std::string>& name,
                bool all) {
    std::size_t up = 0, connecting = 0;
    for (const IkeSaStatus& sa : s.sas) {
        if (!selected(sa.name, name))
            continue;
        if (sa.state == "ESTABLISHED")
            ++up;
        else if (sa.state == "CONNECTING")
            ++connecting;
    }
    out += "Security Associations (" + std::to_string(up) + " up, " + std::to_string(connecting) +
           " connecting):\n";
    bool any = false;
    for (const IkeSaStatus& sa : s.sas) {
        if (!selected(sa.name, name))
            continue;
        sa_lines(out, sa, all);
        any = true;
    }
    if (!any)
        out += "  none\n";
}

void routed_section(std::string& out, const DaemonStatus& s,
                    const std::optional<std::string>& name) {
    bool first = true;
    for (const RoutedStatus& r : s.routed) {
        if (!selected(r.name, name))
            continue;
        if (first)
            out += "Routed Connections:\n";
        first = false;
        const std::string child = padded(r.name) + "{" + std::to_string(r.unique_id) + "}:  ";
        out += child + "ROUTED, " + r.mode + ", reqid " + std::to_string(r.reqid) + "\n";
        out += child + " " + join(r.local_ts, " ") + " === " + join(r.remote_ts, " ") + "\n";
    }
}

} // namespace

std::string format_duration(std::uint64_t seconds) {
    const char* unit = "second";
    std::uint64_t n = seconds;
    if (seconds > 2 * 86400) {
        unit = "day";
        n = seconds / 86400;
    } else if (seconds > 2 * 3600) {
        unit = "hour";
        n = seconds / 3600;
    } else if (seconds > 2 * 60) {
        unit = "minute";
        n = seconds / 60;
    }
    return std::to_string(n) + " " + unit + (n == 1 ? "" : "s");
}

std::string format_status(const DaemonStatus& s, const std::optional<std::string>& name) {
    std::string out;
    routed_section(out, s, name);
    sa_section(out, s, name, false);
    return out;
}

std::string format_statusall(const DaemonStatus& s, const std::optional<std::string>& name) {
    std::string out =
        "Status of IKE iked daemon (ipsec-suite " + s.version + ", " + s.kernel + "):\n";
    out += "  uptime: " + format_duration(s.uptime) + ", since " + s.since + "\n";
    out += "Listening IP addresses:\n";
    for (const std::string& a : s.listening)
        out += "  " + a + "\n";
    out += "Connections:\n";
    for (const ConnStatus& c : s.conns) {
        if (!selected(c.name, name))
            continue;
        const std::string p = padded(c.name) + ":  ";
        out += p + escape_text(c.local_addrs) + "..." + escape_text(c.remote_addrs) + "  " +
               c.version + "\n";
        out += p + " local:  [" + escape_text(c.local_id) + "] uses " + c.local_auth +
               " authentication\n";
        out += p + " remote: [" + escape_text(c.remote_id) + "] uses " + c.remote_auth +
               " authentication\n";
        for (const ChildConnStatus& ch : c.children)
            out += padded(ch.name) + ":   child:  " + escape_text(join(ch.local_ts, " ")) +
                   " === " + escape_text(join(ch.remote_ts, " ")) + " " + ch.mode + "\n";
    }
    routed_section(out, s, name);
    sa_section(out, s, name, true);
    return out;
}

std::string status_to_json(const DaemonStatus& s, const std::optional<std::string>& name,
                           bool pretty) {
    using ipxf::json_quote;
    const char* nl = pretty ? "\n" : "";
    auto ind = [&](int n) {
        return pretty ? std::string(static_cast<std::size_t>(n) * 2, ' ') : "";
    };
    const char* colon = pretty ? ": " : ":";
    auto strings = [&](const std::vector<std::string>& v) {
        std::string o = "[";
        for (std::size_t i = 0; i < v.size(); ++i)
            o += (i ? "," : "") + json_quote(v[i]);
        return o + "]";
    };
    auto opt = [](const std::optional<std::uint64_t>& v) {
        return v ? std::to_string(*v) : std::string("null");
    };
    auto field = [&](int level, const std::string& key, const std::string& value, bool last) {
        return ind(level) + json_quote(key) + colon + value + (last ? "" : ",") + nl;
    };
    std::string out = std::string("{") + nl;
    out += field(1, "daemon", json_quote("iked"), false);
    out += field(1, "version", json_quote(s.version), false);
    out += field(1, "uptime", std::to_string(s.uptime), false);
    out += field(1, "listening", strings(s.listening), false);
    out += ind(1) + json_quote("connections") + colon + "[" + nl;
    bool first = true;
    for (const ConnStatus& c : s.conns) {
        if (!selected(c.name, name))
            continue;
        out += std::string(first ? "" : std::string(",") + nl) + ind(2) + "{" + nl;
        first = false;
        out += field(3, "name", json_quote(c.name), false);
        out += field(3, "local_addrs", json_quote(c.local_addrs), false);
        out += field(3, "remote_addrs", json_quote(c.remote_addrs), false);
        out += field(3, "version", json_quote(c.version), false);
        out += field(3, "local_id", json_quote(c.local_id), false);
        out += field(3, "remote_id", json_quote(c.remote_id), false);
        out += field(3, "local_auth", json_quote(c.local_auth), false);
        out += field(3, "remote_auth", json_quote(c.remote_auth), false);
        std::string children = "[";
        for (std::size_t i = 0; i < c.children.size(); ++i) {
            const ChildConnStatus& ch = c.children[i];
            children += std::string(i ? "," : "") + "{" + json_quote("name") + colon +
                        json_quote(ch.name) + "," + json_quote("local_ts") + colon +
                        strings(ch.local_ts) + "," + json_quote("remote_ts") + colon +
                        strings(ch.remote_ts) + "," + json_quote("mode") + colon +
                        json_quote(ch.mode) + "}";
        }
        out += field(3, "children", children + "]", true);
        out += ind(2) + "}";
    }
    out += std::string(first ? "" : nl) + ind(1) + "]," + nl;
    out += ind(1) + json_quote("routed") + colon + "[" + nl;
    first = true;
    for (const RoutedStatus& r : s.routed) {
        if (!selected(r.name, name))
            continue;
        out += std::string(first ? "" : std::string(",") + nl) + ind(2) + "{" + json_quote("name") +
               colon + json_quote(r.name) + "," + json_quote("unique_id") + colon +
               std::to_string(r.unique_id) + "," + json_quote("state") + colon +
               json_quote("ROUTED") + "," + json_quote("mode") + colon + json_quote(r.mode) + "," +
               json_quote("reqid") + colon + std::to_string(r.reqid) + "," +
               json_quote("local_ts") + colon + strings(r.local_ts) + "," +
               json_quote("remote_ts") + colon + strings(r.remote_ts) + "}";
        first = false;
    }
    out += std::string(first ? "" : nl) + ind(1) + "]," + nl;
    out += ind(1) + json_quote("sas") + colon + "[" + nl;
    first = true;
    for (const IkeSaStatus& sa : s.sas) {
        if (!selected(sa.name, name))
            continue;
        out += std::string(first ? "" : std::string(",") + nl) + ind(2) + "{" + nl;
        first = false;
        out += field(3, "name", json_quote(sa.name), false);
        out += field(3, "unique_id", std::to_string(sa.unique_id), false);
        out += field(3, "state", json_quote(sa.state), false);
        out += field(3, "established_ago", opt(sa.established_ago), false);
        out += field(3, "local", json_quote(sa.local_addr), false);
        out += field(3, "local_id", json_quote(sa.local_id), false);
        out += field(3, "remote", json_quote(sa.remote_addr), false);
        out += field(3, "remote_id", json_quote(sa.remote_id), false);
        out += field(3, "spi_i", json_quote(hex(sa.spi_i, 16)), false);
        out += field(3, "spi_r", json_quote(hex(sa.spi_r, 16)), false);
        out += field(3, "initiator", sa.local_is_initiator ? "true" : "false", false);
        out += field(3, "auth", json_quote(sa.auth), false);
        out += field(3, "rekey_in", opt(sa.rekey_in), false);
        out += field(3, "reauth_in", opt(sa.reauth_in), false);
        out += field(3, "proposal", json_quote(sa.proposal), false);
        std::string children = "[";
        for (std::size_t i = 0; i < sa.children.size(); ++i) {
            const ChildSaStatus& c = sa.children[i];
            children +=
                std::string(i ? "," : "") + "{" + json_quote("name") + colon + json_quote(c.name) +
                "," + json_quote("unique_id") + colon + std::to_string(c.unique_id) + "," +
                json_quote("state") + colon + json_quote(c.state) + "," + json_quote("mode") +
                colon + json_quote(c.mode) + "," + json_quote("reqid") + colon +
                std::to_string(c.reqid) + "," + json_quote("protocol") + colon +
                json_quote(c.protocol) + "," + json_quote("udp_encap") + colon +
                (c.udp_encap ? "true" : "false") + "," + json_quote("spi_in") + colon +
                json_quote(hex(c.spi_in, 8)) + "," + json_quote("spi_out") + colon +
                json_quote(hex(c.spi_out, 8)) + "," + json_quote("proposal") + colon +
                json_quote(c.proposal) + "," + json_quote("bytes_in") + colon +
                std::to_string(c.in.bytes) + "," + json_quote("packets_in") + colon +
                std::to_string(c.in.packets) + "," + json_quote("bytes_out") + colon +
                std::to_string(c.out.bytes) + "," + json_quote("packets_out") + colon +
                std::to_string(c.out.packets) + "," + json_quote("rekey_in") + colon +
                opt(c.rekey_in) + "," + json_quote("local_ts") + colon + strings(c.local_ts) + "," +
                json_quote("remote_ts") + colon + strings(c.remote_ts) + "}";
        }
        out += field(3, "children", children + "]", true);
        out += ind(2) + "}";
    }
    out += std::string(first ? "" : nl) + ind(1) + "]" + nl + "}" + nl;
    return out;
}

} // namespace iked
