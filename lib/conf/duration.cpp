// SPDX-License-Identifier: GPL-2.0-or-later
#include "conf/duration.hpp"

#include <cmath>
#include <cstdint>

namespace ipsec::conf {

std::optional<std::chrono::seconds> parse_duration(std::string_view text) {
    if (text.empty())
        return std::nullopt;
    std::int64_t unit = 1;
    bool unit_given = true;
    switch (text.back()) {
    case 's':
        break;
    case 'm':
        unit = 60;
        break;
    case 'h':
        unit = 3600;
        break;
    case 'd':
        unit = 86400;
        break;
    default:
        unit_given = false;
        break;
    }
    if (unit_given)
        text.remove_suffix(1);
    if (text.empty())
        return std::nullopt;

    std::int64_t whole = 0;
    size_t i = 0;
    for (; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i) {
        whole = whole * 10 + (text[i] - '0');
        if (whole > 100L * 365 * 86400) // far beyond any sensible lifetime
            return std::nullopt;
    }
    if (i == 0)
        return std::nullopt;
    if (i == text.size())
        return std::chrono::seconds(whole * unit);
    // A fraction: only with a unit larger than seconds.
    if (text[i] != '.' || unit == 1 || i + 1 == text.size())
        return std::nullopt;
    double fraction = 0;
    double scale = 0.1;
    for (++i; i < text.size(); ++i) {
        if (text[i] < '0' || text[i] > '9')
            return std::nullopt;
        fraction += (text[i] - '0') * scale;
        scale /= 10;
    }
    return std::chrono::seconds(whole * unit + static_cast<std::int64_t>(std::llround(
                                                   fraction * static_cast<double>(unit))));
}

} // namespace ipsec::conf
