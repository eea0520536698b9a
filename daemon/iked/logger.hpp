// SPDX-License-Identifier: GPL-2.0-or-later
// iked's log, in charon's shape: every line has a subsystem (DMN, IKE, CHD,
// CFG, KNL, NET, ENC, ...) and a level (0 basic .. 4 sensitive, -1 silent),
// and each subsystem has its own threshold, set with a charondebug-style
// string ("ike 2, knl 3, cfg 0"). Lines go to every sink whose thresholds
// let them through: stderr in the foreground ("16[IKE] <host-host|1> text"),
// syslog as a daemon, and the control clients of `ikectl up` (which see the
// lines of their connection at level 1, like `ipsec up`).
#pragma once

#include "common/result.hpp"

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace iked {

enum class Subsystem : std::uint8_t {
    dmn,
    mgr,
    ike,
    chd,
    job,
    cfg,
    knl,
    net,
    asn,
    enc,
    lib,
    esp,
    tls,
    count
};

// "IKE", "KNL", ...
const char* subsystem_tag(Subsystem s);

class LogLevels {
public:
    static constexpr int kDefault = 1;
    LogLevels() { m_levels.fill(kDefault); }
    // charondebug syntax: comma-separated "SUBSYS LEVEL" pairs, subsystem
    // names in lower case, "any" for all; levels -1..4.
    static ipsec::Result<LogLevels> parse(std::string_view spec);
    int get(Subsystem s) const { return m_levels[static_cast<std::size_t>(s)]; }
    void set(Subsystem s, int level) { m_levels[static_cast<std::size_t>(s)] = level; }
    bool enabled(Subsystem s, int level) const { return level <= get(s); }

private:
    std::array<int, static_cast<std::size_t>(Subsystem::count)> m_levels{};
};

struct LogLine {
    Subsystem subsystem = Subsystem::dmn;
    int level = 1;
    std::string conn;         // connection name, "" if none
    std::uint32_t ike_id = 0; // IKE_SA unique id, 0 if none
    std::string text;
};

// "<host-host|1> " when the line belongs to an IKE_SA, "" otherwise; the
// name escaped (escape.hpp).
std::string sa_prefix(const LogLine& line);

class Logger {
public:
    class Sink {
    public:
        virtual ~Sink() = default;
        virtual void write(const LogLine& line) = 0;
    };

    // A sink and the thresholds it applies; `filter` may narrow further
    // (a control client follows one connection). Returns a handle for remove().
    int add(std::shared_ptr<Sink> sink, LogLevels levels,
            std::function<bool(const LogLine&)> filter = {});
    void remove(int handle);

    // `text` reaches the sinks escaped (escape.hpp): control characters and
    // bytes outside printable ASCII as \xNN; `conn` as given, for filters to
    // compare, and escaped by sa_prefix().
    void log(Subsystem s, int level, std::string text, std::string conn = {},
             std::uint32_t ike_id = 0);

private:
    struct Entry {
        int handle;
        std::shared_ptr<Sink> sink;
        LogLevels levels;
        std::function<bool(const LogLine&)> filter;
    };
    std::vector<Entry> m_sinks;
    int m_next = 1;
};

// "00[IKE] <host-host|1> text" on a stream (stderr in the foreground).
class StreamSink : public Logger::Sink {
public:
    explicit StreamSink(std::FILE* out) : m_out(out) {}
    void write(const LogLine& line) override;

private:
    std::FILE* m_out;
};

// syslog(3), facility daemon, ident "iked"; level 0 as LOG_NOTICE, else LOG_INFO.
class SyslogSink : public Logger::Sink {
public:
    SyslogSink();
    ~SyslogSink() override;
    void write(const LogLine& line) override;
};

// Collects lines for a callback (control clients, tests).
class CallbackSink : public Logger::Sink {
public:
    explicit CallbackSink(std::function<void(const LogLine&)> fn) : m_fn(std::move(fn)) {}
    void write(const LogLine& line) override { m_fn(line); }

private:
    std::function<void(const LogLine&)> m_fn;
};

} // namespace iked
