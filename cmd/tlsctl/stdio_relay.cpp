// SPDX-License-Identifier: GPL-2.0-or-later
#include "stdio_relay.hpp"

#include <cerrno>
#include <cstdio>
#include <poll.h>
#include <string>
#include <unistd.h>

namespace tlsctl {

void relay_stdio(TlsEndpoint& ep, Botan::TLS::Channel& channel, const RelayMode& mode) {
    bool stdin_open = true;
    std::string pending;
    while (channel.is_active()) {
        pollfd fds[2] = {{ep.fd(), POLLIN, 0}, {0, static_cast<short>(stdin_open ? POLLIN : 0), 0}};
        if (::poll(fds, stdin_open ? 2 : 1, -1) < 0) {
            if (errno == EINTR)
                continue;
            break;
        }
        if (fds[0].revents) {
            const long n = ep.pump(channel, 0);
            if (!ep.app_data().empty()) {
                std::fwrite(ep.app_data().data(), 1, ep.app_data().size(), stdout);
                std::fflush(stdout);
                ep.app_data().clear();
            }
            if (n <= 0 || channel.is_closed() || ep.peer_closed()) {
                if (mode.report_close)
                    std::fputs("closed\n", stdout); // stdout, as openssl
                break;
            }
        }
        if (stdin_open && fds[1].revents) {
            char buf[4096];
            const ssize_t n = ::read(0, buf, sizeof buf);
            if (n <= 0) {
                stdin_open = false;
                if (mode.end_on_quit)
                    break;
                continue;
            }
            if (!mode.whole_lines) {
                channel.send(reinterpret_cast<const uint8_t*>(buf), static_cast<size_t>(n));
                ep.flush();
                continue;
            }
            pending.append(buf, static_cast<size_t>(n));
            bool quit = false;
            size_t nl;
            while ((nl = pending.find('\n')) != std::string::npos) {
                std::string line = pending.substr(0, nl + 1);
                pending.erase(0, nl + 1);
                if (mode.end_on_quit && (line == "Q\n" || line == "Q\r\n")) {
                    quit = true;
                    break;
                }
                channel.send(line);
            }
            ep.flush();
            if (quit)
                break;
        }
    }
    if (!pending.empty() && channel.is_active()) {
        channel.send(pending);
        ep.flush();
    }
}

} // namespace tlsctl
