// SPDX-License-Identifier: GPL-2.0-or-later
// The keywords of a `ca` section.
#pragma once

#include "conf/ca_section.hpp"
#include "conf/keyword_support.hpp"

#include <optional>
#include <string_view>

namespace ipsec::conf {

std::optional<KeywordInfo> classify_ca_keyword(std::string_view key);
ApplyResult apply_ca_keyword(CaSection& ca, std::string_view key, std::string_view value);

} // namespace ipsec::conf
