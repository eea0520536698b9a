// SPDX-License-Identifier: GPL-2.0-or-later
// Choice: one word of a keyword that takes a word from a fixed list, as data.
#pragma once

#include "conf/keyword_support.hpp"

#include <array>
#include <optional>
#include <string>
#include <string_view>

namespace ipsec::conf {

template <typename E>
struct Choice {
    std::string_view text;
    std::optional<E> value;       // nullopt: a strongSwan value iked does not support
    std::string_view unsupported; // why, for those
};

// Sets `out` from the entry of `table` named `text`, or says what was expected.
template <typename E, std::size_t N>
ApplyResult choose(std::string_view text, const std::array<Choice<E>, N>& table, E& out) {
    std::string expected;
    std::size_t supported = 0;
    for (const auto& choice : table) {
        if (choice.text == text) {
            if (!choice.value)
                return ValueError{std::string(choice.unsupported), true};
            out = *choice.value;
            return std::nullopt;
        }
        if (choice.value)
            ++supported;
    }
    std::size_t listed = 0;
    for (const auto& choice : table) {
        if (!choice.value)
            continue;
        if (listed > 0)
            expected += listed + 1 == supported ? " or " : ", ";
        expected += choice.text;
        ++listed;
    }
    return ValueError{"expected " + expected, false};
}

} // namespace ipsec::conf
