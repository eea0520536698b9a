// SPDX-License-Identifier: GPL-2.0-or-later
#include "common/result.hpp"

#include <catch2/catch.hpp>
#include <cerrno>
#include <memory>
#include <string>

using ipsec::Error;
using ipsec::ErrorDomain;
using ipsec::Result;

namespace {

Result<int> parse_port(const std::string& text) {
    if (text.empty() || text.find_first_not_of("0123456789") != std::string::npos)
        return Error::plain("port \"" + text + "\" is not a number", "expected 0-65535");
    int port = std::stoi(text);
    if (port > 65535)
        return Error::plain("port \"" + text + "\" is out of range", "expected 0-65535");
    return port;
}

Result<void> add_thing(bool fail) {
    if (fail)
        return Error::os(EEXIST, "adding policy 10.0.0.0/8", "XFRM policy already exists");
    return ipsec::success();
}

} // namespace

TEST_CASE("Result holds a value", "[result]") {
    auto r = parse_port("500");
    REQUIRE(r.ok());
    REQUIRE(static_cast<bool>(r));
    CHECK(r.value() == 500);
    CHECK(*r == 500);
    CHECK(r.value_or(4500) == 500);
    CHECK_THROWS_AS(r.error(), std::logic_error);
}

TEST_CASE("Result holds an error naming the input", "[result]") {
    auto r = parse_port("5x0");
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().domain == ErrorDomain::none);
    CHECK(r.error().message == "port \"5x0\" is not a number");
    CHECK(r.error().to_string() == "port \"5x0\" is not a number (expected 0-65535)");
    CHECK(r.value_or(4500) == 4500);
    CHECK_THROWS_AS(r.value(), ipsec::BadResultAccess);
    try {
        (void)r.value();
    } catch (const ipsec::BadResultAccess& e) {
        CHECK(e.error().message == r.error().message);
        CHECK(std::string(e.what()).find("5x0") != std::string::npos);
    }
}

TEST_CASE("os errors carry errno and the kernel's detail", "[result]") {
    auto r = add_thing(true);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().domain == ErrorDomain::os);
    CHECK(r.error().code == EEXIST);
    CHECK(r.error().to_string() ==
          "adding policy 10.0.0.0/8: File exists (XFRM policy already exists)");
    CHECK(add_thing(false).ok());
    CHECK_NOTHROW(add_thing(false).value());
    CHECK_THROWS_AS(add_thing(true).value(), ipsec::BadResultAccess);
}

TEST_CASE("ike errors carry the notify type", "[result]") {
    Error e = Error::ike(17, "proposal not accepted");
    CHECK(e.domain == ErrorDomain::ike);
    CHECK(e.code == 17);
    CHECK(e.to_string() == "proposal not accepted (notify 17)");
    CHECK(e.with_context("IKE_SA_INIT").message == "IKE_SA_INIT: proposal not accepted");
    CHECK(e.message == "proposal not accepted");
}

TEST_CASE("Result works with move-only values", "[result]") {
    Result<std::unique_ptr<int>> r = std::make_unique<int>(7);
    REQUIRE(r.ok());
    std::unique_ptr<int> p = std::move(r).value();
    CHECK(*p == 7);
    Result<std::unique_ptr<int>> bad = Error::os(ENOENT, "opening /etc/ipsec.conf");
    CHECK(bad.error().to_string() == "opening /etc/ipsec.conf: No such file or directory");
}
