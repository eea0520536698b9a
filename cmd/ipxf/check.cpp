// SPDX-License-Identifier: GPL-2.0-or-later
// `ipxf check`: the SPD and SAD of this namespace, linted as a whole by
// libipxf's check_tables(); one line per finding (or a JSON array with -j),
// exit 1 when there is any.
#include "xfrm/check.hpp"

#include "verbs.hpp"
#include "xfrm/print_json.hpp"

#include <cstdio>
#include <cstring>

namespace ipxf::cli {
namespace {

[[noreturn]] void check_usage() {
    std::fputs("Usage: ipxf [ -j [ -p ] ] check\n"
               "Lints the SPD and SAD: exit 0 when nothing is found, 1 with findings.\n",
               stderr);
    throw CliError(kExitParse, "");
}

// A JSON array of objects, each printed by `one` at `depth` + 1.
template <typename T, typename One>
std::string json_list(const std::vector<std::size_t>& at, const std::vector<T>& all, bool pretty,
                      int depth, One&& one) {
    const std::string pad = pretty ? "\n" + std::string(4 * (depth + 1), ' ') : "";
    std::string out = "[";
    for (std::size_t k = 0; k < at.size(); ++k) {
        out += (k ? "," : "") + pad + one(all[at[k]], depth + 1);
    }
    if (pretty && !at.empty())
        out += "\n" + std::string(4 * depth, ' ');
    return out + "]";
}

std::string findings_json(const std::vector<Finding>& found, const std::vector<Policy>& ps,
                          const std::vector<State>& ss, const PrintOptions& opt, bool pretty) {
    const std::string pad1 = pretty ? "\n    " : "";
    const std::string pad2 = pretty ? "\n        " : "";
    const std::string colon = pretty ? ": " : ":";
    std::string out = "[";
    for (std::size_t k = 0; k < found.size(); ++k) {
        const Finding& f = found[k];
        out += (k ? "," : "") + pad1 + "{";
        out += pad2 + "\"rule\"" + colon + json_quote(check_rule_name(f.rule)) + ",";
        out += pad2 + "\"message\"" + colon + json_quote(f.text) + ",";
        out += pad2 + "\"policies\"" + colon +
               json_list(f.policies, ps, pretty, 2,
                         [&](const Policy& p, int d) { return policy_to_json(p, opt, pretty, d); });
        out += "," + pad2 + "\"states\"" + colon +
               json_list(f.states, ss, pretty, 2,
                         [&](const State& s, int d) { return state_to_json(s, opt, pretty, d); });
        out += (pretty ? "\n    " : "") + std::string("}");
    }
    if (pretty && !found.empty())
        out += "\n";
    return out + "]\n";
}

} // namespace

int check_command(Cursor& c, Globals& g, Netlink& nl) {
    if (!c.done()) {
        if (matches(c.cur(), "help"))
            check_usage();
        throw CliError(kExitParse,
                       "Argument \"" + c.cur() + "\" is unknown, try \"ipxf check help\".");
    }
    const Tables t = read_tables(nl);
    const std::vector<Finding> found = check_tables(t.policies, t.states);

    if (g.json) {
        PrintOptions opt = g.print;
        opt.nokeys = true; // a report names SAs, it does not show their keys
        print_out(findings_json(found, t.policies, t.states, opt, g.pretty));
    } else {
        for (const Finding& f : found)
            std::printf("%s: %s\n", check_rule_name(f.rule), f.text.c_str());
    }
    std::fflush(stdout);
    if (found.empty())
        return 0;
    std::fprintf(stderr, "ipxf check: %zu finding%s in %zu policies and %zu SAs\n", found.size(),
                 found.size() == 1 ? "" : "s", t.policies.size(), t.states.size());
    return kExitSemantic;
}

} // namespace ipxf::cli
