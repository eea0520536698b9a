// SPDX-License-Identifier: GPL-2.0-or-later
// xfrm-floor: the kernel's own cost for what tests/bench/xfrm-bench.sh times,
// so the bench can print the floor next to ip and ipxf.
//   xfrm-floor add SHAPE N   N policy adds of SHAPE (simple | tunnel), built
//                            before the clock starts, then one Netlink::bulk();
//                            prints "floor add N: MS ms" (and exits 1 on a failure)
//   xfrm-floor dump          one XFRM_MSG_GETPOLICY dump into a 1 MiB buffer,
//                            nothing decoded; prints "floor dump: MS ms, N policies"
// The shapes are the bench's batch lines (the bench checks that both load the
// same table as ip -batch):
//   simple: policy add src 10.X.Y.Z dst 172.16.0.1 dir out tmpl proto esp mode transport
//   tunnel: policy add src 10.X.Y.Z dst 172.16.(i%7).0/24 proto tcp dport 1000+i%3000
//           dir out priority 100+100*(i%4) mark i%3 tmpl src 192.0.2.1 dst 192.0.2.2
//           proto esp mode tunnel reqid 1+i%50
#include "xfrm/netlink.hpp"

#include <arpa/inet.h>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <linux/netlink.h>
#include <linux/xfrm.h>
#include <string>
#include <sys/socket.h>
#include <unistd.h>
#include <vector>

using namespace ipxf;

namespace {

Address v4(std::uint8_t a, std::uint8_t b, std::uint8_t c, std::uint8_t d) {
    Address out;
    out.family = AF_INET;
    out.bytes[0] = a;
    out.bytes[1] = b;
    out.bytes[2] = c;
    out.bytes[3] = d;
    return out;
}

Policy policy_of(const std::string& shape, std::uint32_t i) {
    Policy p;
    p.sel.family = AF_INET;
    p.sel.saddr = v4(10, static_cast<std::uint8_t>(i >> 16), static_cast<std::uint8_t>(i >> 8),
                     static_cast<std::uint8_t>(i));
    p.sel.prefixlen_s = 32;
    p.dir = static_cast<std::uint8_t>(Direction::out);
    Template t;
    t.proto = IPPROTO_ESP;
    t.family = AF_INET;
    if (shape == "simple") {
        p.sel.daddr = v4(172, 16, 0, 1);
        p.sel.prefixlen_d = 32;
        t.mode = static_cast<std::uint8_t>(Mode::transport);
    } else {
        p.sel.daddr = v4(172, 16, static_cast<std::uint8_t>(i % 7), 0);
        p.sel.prefixlen_d = 24;
        p.sel.proto = IPPROTO_TCP;
        p.sel.dport = static_cast<std::uint16_t>(1000 + i % 3000);
        p.sel.dport_mask = 0xffff;
        p.priority = 100 + 100 * (i % 4);
        p.mark = Mark{i % 3, 0xffffffff};
        t.saddr = v4(192, 0, 2, 1);
        t.daddr = v4(192, 0, 2, 2);
        t.mode = static_cast<std::uint8_t>(Mode::tunnel);
        t.reqid = 1 + i % 50;
    }
    p.tmpls.push_back(t);
    return p;
}

double ms_since(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}

int add(const std::string& shape, std::uint32_t n) {
    std::vector<BulkRequest> requests;
    requests.reserve(n);
    for (std::uint32_t i = 0; i < n; ++i)
        requests.emplace_back(AddPolicy{policy_of(shape, i), false});
    auto nl = Netlink::open();
    if (!nl) {
        std::fprintf(stderr, "xfrm-floor: %s\n", nl.error().to_string().c_str());
        return 1;
    }
    const auto t0 = std::chrono::steady_clock::now();
    BulkResult r = nl->bulk(requests, BulkOptions{true, false});
    const double ms = ms_since(t0);
    if (!r.failures.empty()) {
        std::fprintf(stderr, "xfrm-floor: request %zu failed: %s\n", r.failures[0].index,
                     r.failures[0].error.to_string().c_str());
        return 1;
    }
    std::printf("floor add %u: %.0f ms\n", n, ms);
    return 0;
}

int dump() {
    int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_XFRM);
    if (fd < 0) {
        std::perror("xfrm-floor: socket");
        return 1;
    }
    struct {
        nlmsghdr h;
        xfrm_userpolicy_id id;
    } req{};
    req.h.nlmsg_len = sizeof(req);
    req.h.nlmsg_type = XFRM_MSG_GETPOLICY;
    req.h.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
    req.h.nlmsg_seq = 1;
    std::vector<char> buf(1 << 20);
    std::size_t policies = 0;
    const auto t0 = std::chrono::steady_clock::now();
    if (send(fd, &req, sizeof(req), 0) < 0) {
        std::perror("xfrm-floor: send");
        return 1;
    }
    for (bool done = false; !done;) {
        const ssize_t got = recv(fd, buf.data(), buf.size(), 0);
        if (got < 0) {
            std::perror("xfrm-floor: recv");
            return 1;
        }
        auto left = static_cast<int>(got);
        for (auto* h = reinterpret_cast<nlmsghdr*>(buf.data()); NLMSG_OK(h, left);
             h = NLMSG_NEXT(h, left)) {
            if (h->nlmsg_type == NLMSG_DONE || h->nlmsg_type == NLMSG_ERROR) {
                done = true;
                break;
            }
            ++policies;
        }
    }
    const double ms = ms_since(t0);
    close(fd);
    std::printf("floor dump: %.0f ms, %zu policies\n", ms, policies);
    return 0;
}

} // namespace

int main(int argc, char** argv) {
    if (argc == 4 && std::strcmp(argv[1], "add") == 0 &&
        (std::strcmp(argv[2], "simple") == 0 || std::strcmp(argv[2], "tunnel") == 0)) {
        const unsigned long n = std::strtoul(argv[3], nullptr, 10);
        if (n == 0 || n > 16000000) {
            std::fprintf(stderr, "xfrm-floor: N must be 1 to 16000000\n");
            return 2;
        }
        return add(argv[2], static_cast<std::uint32_t>(n));
    }
    if (argc == 2 && std::strcmp(argv[1], "dump") == 0)
        return dump();
    std::fprintf(stderr, "usage: xfrm-floor add simple|tunnel N | xfrm-floor dump\n");
    return 2;
}
