// SPDX-License-Identifier: GPL-2.0-or-later
#include "flags.hpp"

#include <charconv>

namespace tlsctl {

ipsec::Result<Flags> Flags::parse(std::string_view verb, std::span<const FlagSpec> specs,
                                  const std::vector<std::string>& args) {
    Flags flags;
    bool options_done = false;
    for (size_t i = 0; i < args.size(); ++i) {
        const std::string& word = args[i];
        if (options_done || word.size() < 2 || word[0] != '-') {
            flags.m_positional.push_back(word);
            continue;
        }
        if (word == "--") {
            options_done = true;
            continue;
        }
        std::string_view name = std::string_view(word).substr(word[1] == '-' ? 2 : 1);
        const FlagSpec* spec = nullptr;
        for (const FlagSpec& candidate : specs) {
            if (name == candidate.name) {
                spec = &candidate;
                break;
            }
        }
        if (!spec)
            return ipsec::Error::plain(std::string(verb) + ": unknown option '" + word + "'",
                                       "see 'tlsctl " + std::string(verb) + " -help'");
        if (!spec->takes_value) {
            flags.m_values.emplace(std::string(name), "");
            continue;
        }
        if (i + 1 >= args.size())
            return ipsec::Error::plain(std::string(verb) + ": option '" + word + "' needs a value");
        flags.m_values.emplace(std::string(name), args[++i]);
    }
    return flags;
}

bool Flags::has(std::string_view name) const {
    return m_values.find(name) != m_values.end();
}

std::string Flags::get(std::string_view name, const std::string& fallback) const {
    auto [first, last] = m_values.equal_range(name);
    if (first == last)
        return fallback;
    return std::prev(last)->second;
}

std::vector<std::string> Flags::all(std::string_view name) const {
    std::vector<std::string> out;
    auto [first, last] = m_values.equal_range(name);
    for (auto it = first; it != last; ++it)
        out.push_back(it->second);
    return out;
}

ipsec::Result<long> Flags::get_int(std::string_view name, long fallback, long min, long max) const {
    if (!has(name))
        return fallback;
    const std::string text = get(name);
    long value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size() || text.empty())
        return ipsec::Error::plain("-" + std::string(name) + ": '" + text +
                                   "' is not a whole number");
    if (value < min || value > max)
        return ipsec::Error::plain("-" + std::string(name) + ": " + text + " is out of range (" +
                                   std::to_string(min) + ".." + std::to_string(max) + ")");
    return value;
}

std::string flags_usage(std::string_view verb, std::span<const FlagSpec> specs) {
    std::string out = "usage: tlsctl " + std::string(verb) + " [options]\n";
    for (const FlagSpec& spec : specs) {
        std::string left = std::string(" -") + spec.name + (spec.takes_value ? " VAL" : "");
        if (left.size() < 24)
            left.resize(24, ' ');
        out += left + " " + spec.help + "\n";
    }
    return out;
}

} // namespace tlsctl
