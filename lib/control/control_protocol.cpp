// SPDX-License-Identifier: GPL-2.0-or-later
#include "control/control_protocol.hpp"

namespace iked::control {

std::string encode(LineKind kind, std::string_view text) {
    std::string out;
    out.reserve(text.size() + 3);
    out += static_cast<char>(kind);
    out += ' ';
    // A line never carries a newline of its own: a multi-line text is several lines.
    for (char c : text)
        out += (c == '\n' || c == '\r') ? ' ' : c;
    out += '\n';
    return out;
}

std::optional<Line> decode(std::string_view line) {
    if (line.size() < 2 || line[1] != ' ')
        return std::nullopt;
    switch (line[0]) {
    case 'L':
    case 'O':
    case 'E':
    case 'R':
        return Line{static_cast<LineKind>(line[0]), std::string(line.substr(2))};
    default:
        return std::nullopt;
    }
}

std::optional<std::vector<std::string>> split_request(std::string_view line) {
    std::vector<std::string> words;
    std::size_t pos = 0;
    if (line.empty())
        return std::nullopt;
    while (pos <= line.size()) {
        const std::size_t sp = line.find(' ', pos);
        const std::string_view word =
            line.substr(pos, sp == std::string_view::npos ? std::string_view::npos : sp - pos);
        if (word.empty())
            return std::nullopt;
        for (char c : word)
            if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f)
                return std::nullopt;
        words.emplace_back(word);
        if (sp == std::string_view::npos)
            break;
        pos = sp + 1;
    }
    return words;
}

} // namespace iked::control
