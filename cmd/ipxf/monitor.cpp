// SPDX-License-Identifier: GPL-2.0-or-later
// `ipxf monitor`: the XFRM notifications, printed like iproute2 6.1's
// `ip xfrm monitor` (byte for byte), or as one JSON object per event with -j.
#include "monitor_event.hpp"

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
