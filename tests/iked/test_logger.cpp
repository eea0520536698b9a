// SPDX-License-Identifier: GPL-2.0-or-later
// iked's charon-like log: charondebug levels, sinks and their filters.
#include "logger.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdio>
#include <cstdlib>

using namespace iked;

TEST_CASE("charondebug strings set per-subsystem levels") {
    auto l = LogLevels::parse("ike 2, knl 3,cfg 0");
    REQUIRE(l.ok());
    CHECK(l->get(Subsystem::ike) == 2);
    CHECK(l->get(Subsystem::knl) == 3);
    CHECK(l->get(Subsystem::cfg) == 0);
    CHECK(l->get(Subsystem::net) == LogLevels::kDefault);
    auto any = LogLevels::parse("any -1, ike 1");
    REQUIRE(any.ok());
    CHECK(any->get(Subsystem::dmn) == -1);
    CHECK(any->get(Subsystem::ike) == 1);
    CHECK(LogLevels::parse("").ok());
}

TEST_CASE("bad charondebug strings name the item and its column") {
    auto bad = LogLevels::parse("ike 2, kernel 3");
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.error().message ==
          "charondebug, column 8: unknown subsystem \"kernel\" (dmn, mgr, ike, chd, job, cfg, knl, "
          "net, asn, enc, lib, esp, tls, any)");
    bad = LogLevels::parse("ike 5");
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.error().message == "charondebug, column 1: \"ike 5\": expected a subsystem and a "
                                 "level from -1 to 4, such as \"ike 2\"");
    CHECK_FALSE(LogLevels::parse("ike").ok());
    CHECK_FALSE(LogLevels::parse("ike 2x").ok());
}

TEST_CASE("each sink gets the lines its levels and filter let through") {
    Logger log;
    std::vector<std::string> all, up;
    auto levels = LogLevels::parse("ike 2, knl 0");
    REQUIRE(levels.ok());
    log.add(std::make_shared<CallbackSink>([&](const LogLine& l) {
                all.push_back(subsystem_tag(l.subsystem) + (" " + l.text));
            }),
            *levels);
    const int h = log.add(std::make_shared<CallbackSink>(
                              [&](const LogLine& l) { up.push_back(sa_prefix(l) + l.text); }),
                          LogLevels(), [](const LogLine& l) { return l.conn == "host-host"; });
    log.log(Subsystem::ike, 1, "initiating IKE_SA host-host[1] to 192.168.27.132", "host-host", 1);
    log.log(Subsystem::ike, 2, "detail", "host-host", 1);
    log.log(Subsystem::knl, 1, "adding SAD entry", "host-host", 1);
    log.log(Subsystem::ike, 1, "other conn", "net-net", 2);
    log.remove(h);
    log.log(Subsystem::ike, 1, "after removal", "host-host", 1);
    CHECK(all == std::vector<std::string>{"IKE initiating IKE_SA host-host[1] to 192.168.27.132",
                                          "IKE detail", "IKE other conn", "IKE after removal"});
    CHECK(up ==
          std::vector<std::string>{"<host-host|1> initiating IKE_SA host-host[1] to 192.168.27.132",
                                   "<host-host|1> adding SAD entry"});
}

namespace {

// What a hostile peer can put in an identity or notify data: a fake second
// log line, a terminal escape sequence (clear screen, set the title) and a NUL
// that would cut a C string short.
constexpr char k_hostile_raw[] = "evil\n00[IKE] <host-host|1> IKE_SA established"
                                 "\x1b[2J\x1b]0;owned\x07 end\0tail\x7f\xc3\xa9";
const std::string k_hostile(k_hostile_raw, sizeof k_hostile_raw - 1);

bool has_raw_control(const std::string& s, bool allow_newline) {
    for (unsigned char c : s)
        if ((c < 0x20 && !(allow_newline && c == '\n')) || c >= 0x7f)
            return true;
    return false;
}

} // namespace

TEST_CASE("peer-supplied text reaches every sink escaped, NUL and all") {
    REQUIRE(k_hostile.find('\0') != std::string::npos);
    Logger log;
    std::vector<LogLine> got;
    log.add(std::make_shared<CallbackSink>([&](const LogLine& l) { got.push_back(l); }),
            LogLevels());
    log.log(Subsystem::ike, 1, "received ID_FQDN " + k_hostile, "conn\x1b[31m", 7);
    REQUIRE(got.size() == 1);
    CHECK(got[0].text == "received ID_FQDN evil\\x0a00[IKE] <host-host|1> IKE_SA established"
                         "\\x1b[2J\\x1b]0;owned\\x07 end\\x00tail\\x7f\\xc3\\xa9");
    CHECK(got[0].conn == "conn\x1b[31m"); // as given, for the filters
    CHECK(sa_prefix(got[0]) == "<conn\\x1b[31m|7> ");
    // Plain text, backslashes included, is left alone.
    log.log(Subsystem::cfg, 1, "C=CH, O=strongSwan\\, Inc., CN=moon");
    CHECK(got.at(1).text == "C=CH, O=strongSwan\\, Inc., CN=moon");
}

TEST_CASE("the stream sink writes one line per message, without raw control bytes") {
    char* buffer = nullptr;
    std::size_t size = 0;
    std::FILE* out = ::open_memstream(&buffer, &size);
    REQUIRE(out != nullptr);
    {
        Logger log;
        log.add(std::make_shared<StreamSink>(out), LogLevels());
        log.log(Subsystem::ike, 1, "remote ID " + k_hostile, "host-host", 1);
        // A line handed to the sink directly is escaped too.
        StreamSink(out).write(LogLine{Subsystem::net, 1, "x\ny", 2, "a\rb"});
    }
    std::fclose(out);
    const std::string text(buffer, size);
    std::free(buffer);
    CHECK_FALSE(has_raw_control(text, true));
    CHECK(std::count(text.begin(), text.end(), '\n') == 2);
    CHECK(text.find("00[IKE] <host-host|1> remote ID evil\\x0a00[IKE]") == 0);
    CHECK(text.find("00[NET] <x\\x0ay|2> a\\x0db\n") != std::string::npos);
}
