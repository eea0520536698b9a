// SPDX-License-Identifier: GPL-2.0-or-later
// ipxf monitor's printers (monitor_text.cpp, monitor_json.cpp) and what they
// share (monitor_event.cpp): the kernel's structs of a notification, read
// out of its raw bytes with their lengths checked. Not installed.
#pragma once

#include "cli.hpp"

#include <cstdint>
#include <cstring>
#include <linux/netlink.h>
#include <linux/xfrm.h>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace ipxf::cli {

// printf to the end of `out` (at most 255 bytes).
void appendf(std::string& out, const char* fmt, ...) __attribute__((format(printf, 2, 3)));

// A fixed struct at the start of the message payload, when it is long enough.
template <typename T>
bool payload(const MonitorEvent& ev, T& out) {
    if (ev.raw.size() < NLMSG_HDRLEN + sizeof(T))
        return false;
    std::memcpy(&out, ev.raw.data() + NLMSG_HDRLEN, sizeof(T));
    return true;
}

// ip's "BUG: wrong nlmsg len" for a message too short for its type.
void wrong_len(const MonitorEvent& ev);
// The attributes that follow a fixed payload of `fixed` bytes: (type, data).
std::vector<std::pair<std::uint16_t, std::vector<std::uint8_t>>> attributes(const MonitorEvent& ev,
                                                                            std::size_t fixed);
// iproute2's rt_addr_n2a() for the families XFRM carries ("???" otherwise).
std::string addr_text(const Address& a, std::uint16_t family);

// One notification as `ip xfrm monitor` prints it.
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

// One notification as a JSON object (a line); `nsid`: none, -1 for
// "current", or the peer namespace's id.
std::string json_event(const MonitorEvent& ev, const PrintOptions& opt, bool pretty,
                       std::optional<int> nsid);

} // namespace ipxf::cli
