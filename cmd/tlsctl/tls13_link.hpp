// SPDX-License-Identifier: GPL-2.0-or-later
// Drives a TLS 1.3 engine (lib/tls13) over a TCP socket: sends what the
// engine produced, feeds it what the socket received, hands out its events;
// and the NSS key log file of -keylogfile.
#pragma once

#include "common/result.hpp"
#include "tls13/engine.hpp"

#include <functional>
#include <optional>
#include <string>

namespace tlsctl {

class Tls13Link {
public:
    using EventSink = std::function<void(const tls13::Event&)>;
    Tls13Link(int fd, tls13::Engine& engine, EventSink sink);

    // Sends the engine's pending output; false when the peer is gone.
    bool flush();
    enum class Read { data, timeout, eof, failed };
    // Waits up to timeout_ms (-1: forever) for bytes, feeds them to the engine,
    // sends its answer and dispatches its events.
    Read read_once(int timeout_ms);
    // Reads until the handshake is done or fails.
    bool handshake(int timeout_ms);
    const std::optional<ipsec::Error>& error() const { return m_error; }
    int fd() const { return m_fd; }

private:
    void dispatch();
    int m_fd;
    tls13::Engine& m_engine;
    EventSink m_sink;
    std::optional<ipsec::Error> m_error;
    bool m_done = false;
};

// Appends NSS key log lines to a file (created 0600), as openssl -keylogfile.
class KeyLog {
public:
    ipsec::Result<void> open(const std::string& path);
    void write(const tls13::SecretDerived& secret);

private:
    int m_fd = -1;
};

} // namespace tlsctl
