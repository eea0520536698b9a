// SPDX-License-Identifier: GPL-2.0-or-later
// Batch lines: iproute2's makeargs() word splitting (see batch_lines.hpp).
#include "batch_lines.hpp"

#include "cli.hpp"

#include <array>
#include <cstdint>
#include <cstring>
#include <string>

namespace ipxf::cli {

namespace {

// makeargs()'s white space, a table lookup per byte
constexpr auto kBlank = [] {
    std::array<bool, 256> t{};
    for (unsigned char ch : {' ', '\t', '\r', '\n'})
        t[ch] = true;
    return t;
}();

bool blank(char ch) {
    return kBlank[static_cast<unsigned char>(ch)];
}

// iproute2's limit: makeargs() into 100 slots, the last one for NULL.
constexpr std::size_t kMaxWords = 99;

} // namespace

void split_line(std::string_view line, std::vector<std::string>& words) {
    std::size_t n = 0;
    const char* p = line.data();
    const char* end = p + line.size();
    for (;;) {
        while (p < end && blank(*p))
            ++p;
        if (p == end)
            break;
        if (n == kMaxWords)
            throw CliError(kExitSemantic, "Too many arguments to command",
                           "a command has at most " + std::to_string(kMaxWords) + " words");
        if (n == words.size())
            words.emplace_back();
        std::string& word = words[n++];
        const char* start = p;
        const char* stop;
        if (*p == '"' || *p == '\'') {
            // A word that starts with a quote runs to the same quote, blanks
            // and all; what follows the closing quote is the next word.
            const char quote = *p;
            start = p + 1;
            stop = start;
            while (stop < end && *stop != quote)
                ++stop;
            if (stop == end)
                throw CliError(kExitSemantic, "Unterminated quoted string",
                               std::string("a word starts with ") + quote +
                                   " and the line has no closing one");
            p = stop + 1;
        } else {
            // A quote inside a word is an ordinary character.
            stop = p;
            while (stop < end && !blank(*stop))
                ++stop;
            p = stop;
        }
        // Batch lines repeat most words at the same places: a slot that
        // holds the word already is left alone.
        const auto len = static_cast<std::size_t>(stop - start);
        if (word.size() != len || std::memcmp(word.data(), start, len) != 0)
            word.assign(start, len);
    }
    words.resize(n);
}

std::size_t first_xfrm_word(const std::vector<std::string>& words) {
    return !words.empty() && matches(words[0], "xfrm") ? 1 : 0;
}

bool is_bulk_verb(const std::vector<std::string>& w) {
    const std::size_t i = first_xfrm_word(w);
    if (w.size() < i + 2)
        return false;
    const std::string& obj = w[i];
    const std::string& verb = w[i + 1];
    const bool object = matches(obj, "state") || matches(obj, "sa") || matches(obj, "policy");
    // ip tries "delete" before "deleteall": "del" and "delete" delete one.
    return object && (matches(verb, "add") || matches(verb, "update") || matches(verb, "delete"));
}

} // namespace ipxf::cli
