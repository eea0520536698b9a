// iked's charon-like log: charondebug levels, sinks and their filters.
#include "logger.hpp"

#include <catch2/catch.hpp>

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
