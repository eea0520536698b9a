// SPDX-License-Identifier: GPL-2.0-or-later
#include "logger.hpp"

#include "control/escape.hpp"

#include <algorithm>
#include <cstdio>
#include <syslog.h>

namespace iked {

namespace {

struct SubsystemName {
    Subsystem subsystem;
    const char* name; // charondebug's spelling
    const char* tag;
};

constexpr SubsystemName kNames[] = {
    {Subsystem::dmn, "dmn", "DMN"}, {Subsystem::mgr, "mgr", "MGR"}, {Subsystem::ike, "ike", "IKE"},
    {Subsystem::chd, "chd", "CHD"}, {Subsystem::job, "job", "JOB"}, {Subsystem::cfg, "cfg", "CFG"},
    {Subsystem::knl, "knl", "KNL"}, {Subsystem::net, "net", "NET"}, {Subsystem::asn, "asn", "ASN"},
    {Subsystem::enc, "enc", "ENC"}, {Subsystem::lib, "lib", "LIB"}, {Subsystem::esp, "esp", "ESP"},
    {Subsystem::tls, "tls", "TLS"},
};

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
        s.remove_suffix(1);
    return s;
}

} // namespace

const char* subsystem_tag(Subsystem s) {
    for (const auto& n : kNames)
        if (n.subsystem == s)
            return n.tag;
    return "???";
}

ipsec::Result<LogLevels> LogLevels::parse(std::string_view spec) {
    LogLevels levels;
    std::size_t column = 1;
    while (!spec.empty()) {
        const std::size_t comma = spec.find(',');
        const std::string_view raw = spec.substr(0, comma);
        const std::string_view item = trim(raw);
        const std::size_t item_col = column + static_cast<std::size_t>(item.data() - raw.data());
        if (!item.empty()) {
            const std::size_t sp = item.find_first_of(" \t");
            const std::string_view name = item.substr(0, sp);
            const std::string_view value =
                sp == std::string_view::npos ? std::string_view() : trim(item.substr(sp));
            auto where = [&] {
                return "charondebug, column " + std::to_string(item_col) + ": ";
            };
            int level = 0;
            bool valid = !value.empty();
            if (valid) {
                try {
                    std::size_t used = 0;
                    level = std::stoi(std::string(value), &used);
                    valid = used == value.size() && level >= -1 && level <= 4;
                } catch (...) {
                    valid = false;
                }
            }
            if (!valid)
                return ipsec::Error::plain(where() + "\"" + std::string(item) +
                                           "\": expected a subsystem and a level from -1 to 4, "
                                           "such as \"ike 2\"");
            if (name == "any") {
                levels.m_levels.fill(level);
            } else {
                const auto* it = std::find_if(std::begin(kNames), std::end(kNames),
                                              [&](const auto& n) { return name == n.name; });
                if (it == std::end(kNames))
                    return ipsec::Error::plain(where() + "unknown subsystem \"" +
                                               std::string(name) +
                                               "\" (dmn, mgr, ike, chd, job, cfg, knl, net, asn, "
                                               "enc, lib, esp, tls, any)");
                levels.set(it->subsystem, level);
            }
        }
        if (comma == std::string_view::npos)
            break;
        column += comma + 1;
        spec.remove_prefix(comma + 1);
    }
    return levels;
}

std::string sa_prefix(const LogLine& line) {
    if (line.conn.empty())
        return {};
    return "<" + escape_text(line.conn) + "|" + std::to_string(line.ike_id) + "> ";
}

int Logger::add(std::shared_ptr<Sink> sink, LogLevels levels,
                std::function<bool(const LogLine&)> filter) {
    const int handle = m_next++;
    m_sinks.push_back(Entry{handle, std::move(sink), levels, std::move(filter)});
    return handle;
}

void Logger::remove(int handle) {
    m_sinks.erase(std::remove_if(m_sinks.begin(), m_sinks.end(),
                                 [&](const Entry& e) { return e.handle == handle; }),
                  m_sinks.end());
}

void Logger::log(Subsystem s, int level, std::string text, std::string conn, std::uint32_t ike_id) {
    // Log text carries peer-supplied strings (identities, notify data): every
    // sink gets it escaped (escape.hpp), so no line can forge another, move the
    // cursor of a terminal or hide behind a NUL. The connection name stays as
    // it is for the filters to compare; sa_prefix() escapes it.
    if (!is_safe_text(text))
        text = escape_text(text);
    const LogLine line{s, level, std::move(conn), ike_id, std::move(text)};
    // A sink may remove itself (a control client that finished): iterate a copy.
    const std::vector<Entry> sinks = m_sinks;
    for (const Entry& e : sinks)
        if (e.levels.enabled(s, level) && (!e.filter || e.filter(line)))
            e.sink->write(line);
}

void StreamSink::write(const LogLine& line) {
    // Escaped again (a no-op for lines from Logger::log) for lines written
    // to the sink directly: the stream and syslog never see a raw control byte.
    std::fprintf(m_out, "00[%s] %s%s\n", subsystem_tag(line.subsystem), sa_prefix(line).c_str(),
                 escape_text(line.text).c_str());
    std::fflush(m_out);
}

SyslogSink::SyslogSink() {
    ::openlog("iked", LOG_PID | LOG_NDELAY, LOG_DAEMON);
}

SyslogSink::~SyslogSink() {
    ::closelog();
}

void SyslogSink::write(const LogLine& line) {
    ::syslog(line.level <= 0 ? LOG_NOTICE : LOG_INFO, "%s[%s] %s%s", "00",
             subsystem_tag(line.subsystem), sa_prefix(line).c_str(),
             escape_text(line.text).c_str());
}

} // namespace iked
