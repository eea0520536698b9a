// SPDX-License-Identifier: GPL-2.0-or-later
// libFuzzer target for the netlink decoders of libipxf and ipxf's `monitor
// file FILE` (the kernel's XFRM messages saved raw). Input: one options byte,
// then the file. The file goes through `ipxf monitor [ all-nsid ] [ nokeys ]
// file FILE` as the program runs it (framing checks, decode_monitor_event,
// the text or JSON printer), with the options byte choosing -j, -p, -s, -d,
// -o, -t/-ts, all-nsid and nokeys; each whole message in it also goes
// through codec::decode_state / decode_policy and, when they decode, the
// text and JSON printers. Standard output goes to /dev/null. Nothing may
// crash, hang or read out of bounds (built with ASan/UBSan, see meson.build).
#include "cli.hpp"
#include "xfrm/netlink.hpp"
#include "xfrm/print_json.hpp"
#include "xfrm/print_text.hpp"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <linux/netlink.h>
#include <string>
#include <sys/mman.h>
#include <unistd.h>
#include <vector>

using namespace ipxf;
using namespace ipxf::cli;

namespace {

void decode_each(const std::uint8_t* data, std::size_t size, const PrintOptions& opt) {
    std::size_t at = 0;
    while (size - at >= NLMSG_HDRLEN) {
        nlmsghdr h;
        std::memcpy(&h, data + at, sizeof(h));
        if (h.nlmsg_len < NLMSG_HDRLEN || h.nlmsg_len > size - at)
            break;
        const std::vector<std::uint8_t> message(data + at, data + at + h.nlmsg_len);
        if (auto s = codec::decode_state(message)) {
            (void)format_state(*s, opt, {});
            (void)state_to_json(*s, opt, false);
        }
        if (auto p = codec::decode_policy(message)) {
            std::string out;
            append_policy(out, *p, opt, {});
            (void)policy_to_json(*p, opt, false);
        }
        at += NLMSG_ALIGN(h.nlmsg_len);
        if (at > size)
            break;
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const int fd = memfd_create("ipxf-monitor", MFD_CLOEXEC);
    static Netlink* nl = [] {
        const int null = open("/dev/null", O_WRONLY | O_CLOEXEC);
        if (null < 0 || dup2(null, STDOUT_FILENO) < 0)
            std::abort();
        close(null);
        auto opened = Netlink::open(); // monitor file reads no socket
        if (!opened)
            std::abort();
        return new Netlink(std::move(*opened));
    }();
    if (size == 0)
        return 0;
    const std::uint8_t flags = data[0];
    ++data;
    --size;
    if (fd < 0 || ftruncate(fd, 0) != 0 || pwrite(fd, data, size, 0) != static_cast<ssize_t>(size))
        std::abort();
    Globals g;
    g.json = flags & 1;
    g.pretty = flags & 2;
    g.print.stats = (flags >> 2) & 1;
    g.print.details = flags & 8;
    g.print.oneline = flags & 16;
    std::vector<std::string> words;
    if (flags & 32)
        words.emplace_back("all-nsid");
    if (flags & 64)
        words.emplace_back("nokeys");
    words.emplace_back("file");
    words.emplace_back("/proc/self/fd/" + std::to_string(fd));
    const MonitorTimestamp ts = flags & 128 ? MonitorTimestamp::short_form : MonitorTimestamp::none;
    Cursor c(words, 0);
    try {
        (void)monitor_command(c, g, *nl, ts);
    } catch (const CliError&) {
    }
    std::fflush(stdout);
    decode_each(data, size, g.print);
    return 0;
}
