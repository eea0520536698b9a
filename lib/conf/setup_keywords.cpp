// SPDX-License-Identifier: GPL-2.0-or-later
#include "conf/setup_keywords.hpp"

#include "conf/choice.hpp"
#include "conf/value_parsers.hpp"

#include <array>

namespace ipsec::conf {

namespace {

constexpr std::array<Choice<UniqueIds>, 5> uniqueids_choices{{
    {"yes", UniqueIds::yes, {}},
    {"no", UniqueIds::no, {}},
    {"never", UniqueIds::never, {}},
    {"replace", UniqueIds::replace, {}},
    {"keep", UniqueIds::keep, {}},
}};

constexpr std::array<Choice<StrictCrlPolicy>, 3> crlpolicy_choices{{
    {"no", StrictCrlPolicy::no, {}},
    {"yes", StrictCrlPolicy::yes, {}},
    {"ifuri", StrictCrlPolicy::ifuri, {}},
}};

constexpr std::array<Choice<bool>, 2> yes_no{{{"yes", true, {}}, {"no", false, {}}}};

// charon's logging subsystems (charondebug).
constexpr std::array<std::string_view, 19> subsystems{
    "dmn", "mgr", "ike", "chd", "job", "cfg", "knl", "net", "asn", "enc",
    "lib", "esp", "tls", "tnc", "imc", "imv", "pts", "app", "any"};

ApplyResult charondebug(ConfigSetup& setup, std::string_view value) {
    std::vector<DebugLevel> levels;
    for (const std::string& item : split_list(value)) {
        const auto space = item.find(' ');
        if (item.empty() || space == std::string::npos)
            return ValueError{"expected a list of SUBSYSTEM LEVEL pairs such as 'ike 2, knl 1'",
                              false};
        const std::string name = item.substr(0, space);
        const std::string level = item.substr(space + 1);
        bool known = false;
        for (auto subsystem : subsystems)
            known = known || subsystem == name;
        if (!known)
            return ValueError{"unknown subsystem '" + name +
                                  "' (expected dmn, mgr, ike, chd, job, cfg, knl, net, asn, enc, "
                                  "lib, esp, tls, tnc, imc, imv, pts, app or any)",
                              false};
        int n = 0;
        if (level == "-1")
            n = -1;
        else if (auto parsed = parse_unsigned(level, 4))
            n = static_cast<int>(*parsed);
        else
            return ValueError{"invalid level '" + level + "' for '" + name +
                                  "' (expected -1, 0, 1, 2, 3 or 4)",
                              false};
        levels.push_back({name, n});
    }
    setup.charondebug = std::move(levels);
    return std::nullopt;
}

constexpr std::string_view pluto = "a pluto/KLIPS keyword that strongSwan 5 ignores too";

using SetupApply = ApplyResult (*)(ConfigSetup&, std::string_view);

struct SetupKeyword {
    std::string_view name;
    KeywordInfo info;
    SetupApply apply = nullptr;
};

const std::array<SetupKeyword, 29> setup_keywords{{
    {"charondebug", {KeywordSupport::typed, {}}, charondebug},
    {"uniqueids",
     {KeywordSupport::typed, {}},
     [](ConfigSetup& s, std::string_view v) {
         return choose(v, uniqueids_choices, s.uniqueids);
     }},
    {"strictcrlpolicy",
     {KeywordSupport::typed, {}},
     [](ConfigSetup& s, std::string_view v) {
         return choose(v, crlpolicy_choices, s.strictcrlpolicy);
     }},
    {"cachecrls",
     {KeywordSupport::typed, {}},
     [](ConfigSetup& s, std::string_view v) {
         return choose(v, yes_no, s.cachecrls);
     }},
    {"also", {KeywordSupport::typed, {}}, nullptr},
    {"charonstart", {KeywordSupport::obsolete, "charon is always started"}},
    {"plutostart", {KeywordSupport::obsolete, pluto}},
    {"plutodebug", {KeywordSupport::obsolete, pluto}},
    {"plutostderrlog", {KeywordSupport::obsolete, pluto}},
    {"prepluto", {KeywordSupport::obsolete, pluto}},
    {"postpluto", {KeywordSupport::obsolete, pluto}},
    {"klipsdebug", {KeywordSupport::obsolete, pluto}},
    {"nat_traversal", {KeywordSupport::obsolete, "NAT traversal is always on"}},
    {"virtual_private", {KeywordSupport::obsolete, pluto}},
    {"interfaces", {KeywordSupport::obsolete, pluto}},
    {"fragicmp", {KeywordSupport::obsolete, pluto}},
    {"packetdefault", {KeywordSupport::obsolete, pluto}},
    {"hidetos", {KeywordSupport::obsolete, pluto}},
    {"overridemtu", {KeywordSupport::obsolete, pluto}},
    {"nocrsend", {KeywordSupport::obsolete, pluto}},
    {"crlcheckinterval", {KeywordSupport::obsolete, pluto}},
    {"dumpdir", {KeywordSupport::obsolete, pluto}},
    {"force_keepalive", {KeywordSupport::obsolete, pluto}},
    {"keep_alive", {KeywordSupport::obsolete, pluto}},
    {"pkcs11module", {KeywordSupport::obsolete, pluto}},
    {"pkcs11initargs", {KeywordSupport::obsolete, pluto}},
    {"pkcs11keepstate", {KeywordSupport::obsolete, pluto}},
    {"pkcs11proxy", {KeywordSupport::obsolete, pluto}},
    {"mediation",
     {KeywordSupport::unsupported, "the IKEv2 mediation extension is not supported by iked"}},
}};

} // namespace

std::optional<KeywordInfo> classify_setup_keyword(std::string_view key) {
    for (const auto& keyword : setup_keywords)
        if (keyword.name == key)
            return keyword.info;
    return std::nullopt;
}

ApplyResult apply_setup_keyword(ConfigSetup& setup, std::string_view key, std::string_view value) {
    for (const auto& keyword : setup_keywords)
        if (keyword.name == key && keyword.apply != nullptr)
            return keyword.apply(setup, value);
    return std::nullopt;
}

} // namespace ipsec::conf
