// SPDX-License-Identifier: GPL-2.0-or-later
// The keywords of `config setup`.
#pragma once

#include "conf/config_setup.hpp"
#include "conf/keyword_support.hpp"

#include <optional>
#include <string_view>

namespace ipsec::conf {

std::optional<KeywordInfo> classify_setup_keyword(std::string_view key);
ApplyResult apply_setup_keyword(ConfigSetup& setup, std::string_view key, std::string_view value);

} // namespace ipsec::conf
