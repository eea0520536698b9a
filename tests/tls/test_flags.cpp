// SPDX-License-Identifier: GPL-2.0-or-later
#include "flags.hpp"

#include <catch2/catch.hpp>

using tlsctl::Flags;
using tlsctl::FlagSpec;

namespace {
constexpr FlagSpec k_specs[] = {
    {"connect", true, "host:port"},
    {"state", false, "trace"},
    {"verify", true, "depth"},
    {"Verify", true, "depth"},
};
}

TEST_CASE("single-dash flags with and without values", "[flags]") {
    auto flags = Flags::parse("s_client", k_specs,
                              {"-connect", "127.0.0.1:4433", "-state", "extra", "--verify", "2"});
    REQUIRE(flags.ok());
    CHECK(flags->get("connect") == "127.0.0.1:4433");
    CHECK(flags->has("state"));
    CHECK(flags->get("verify") == "2");
    CHECK_FALSE(flags->has("Verify")); // names are case-sensitive, as in openssl
    REQUIRE(flags->positional().size() == 1);
    CHECK(flags->positional()[0] == "extra");
}

TEST_CASE("the last of repeated flags wins; all() keeps them all", "[flags]") {
    auto flags = Flags::parse("x", k_specs, {"-verify", "1", "-verify", "3"});
    REQUIRE(flags.ok());
    CHECK(flags->get("verify") == "3");
    CHECK(flags->all("verify") == std::vector<std::string>{"1", "3"});
}

TEST_CASE("unknown flags and missing values are errors naming them", "[flags]") {
    auto unknown = Flags::parse("s_client", k_specs, {"-connnect", "x"});
    REQUIRE_FALSE(unknown.ok());
    CHECK(unknown.error().message.find("'-connnect'") != std::string::npos);
    auto missing = Flags::parse("s_client", k_specs, {"-connect"});
    REQUIRE_FALSE(missing.ok());
    CHECK(missing.error().message.find("needs a value") != std::string::npos);
}

TEST_CASE("'--' ends the options", "[flags]") {
    auto flags = Flags::parse("rand", k_specs, {"--", "-state"});
    REQUIRE(flags.ok());
    CHECK_FALSE(flags->has("state"));
    CHECK(flags->positional() == std::vector<std::string>{"-state"});
}

TEST_CASE("get_int checks the number and its range", "[flags]") {
    auto flags = Flags::parse("x", k_specs, {"-verify", "7", "-Verify", "x1"});
    REQUIRE(flags.ok());
    CHECK(flags->get_int("verify", 0, 0, 10).value() == 7);
    CHECK_FALSE(flags->get_int("verify", 0, 0, 5).ok());
    CHECK_FALSE(flags->get_int("Verify", 0, 0, 10).ok());
    CHECK(flags->get_int("connect", 42, 0, 100).value() == 42);
}
