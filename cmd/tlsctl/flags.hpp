// SPDX-License-Identifier: GPL-2.0-or-later
// Flags: openssl-style single-dash options ("-connect host:port", "-www"), driven
// by a table of FlagSpec per verb. Unknown options and missing values are errors
// that name the option.
#pragma once

#include "common/result.hpp"

#include <map>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace tlsctl {

struct FlagSpec {
    const char* name; // without the leading dash
    bool takes_value; // "-name VALUE" when true, "-name" alone otherwise
    const char* help; // one line for "tlsctl VERB -help"
};

class Flags {
public:
    // Parses args (the words after the verb). "--name" is taken as "-name";
    // "--" ends the options; words that do not start with '-' are positional.
    static ipsec::Result<Flags> parse(std::string_view verb, std::span<const FlagSpec> specs,
                                      const std::vector<std::string>& args);

    bool has(std::string_view name) const;
    // The last value given for name, or fallback.
    std::string get(std::string_view name, const std::string& fallback = "") const;
    std::vector<std::string> all(std::string_view name) const;
    const std::vector<std::string>& positional() const { return m_positional; }
    // The value as a whole number in [min, max]; fallback when absent.
    ipsec::Result<long> get_int(std::string_view name, long fallback, long min, long max) const;

private:
    std::multimap<std::string, std::string, std::less<>> m_values;
    std::vector<std::string> m_positional;
};

// "usage: tlsctl VERB [options]" and one line per flag.
std::string flags_usage(std::string_view verb, std::span<const FlagSpec> specs);

} // namespace tlsctl
