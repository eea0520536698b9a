// SPDX-License-Identifier: GPL-2.0-or-later
// The keywords of a `conn` section: which strongSwan 5.9 keywords iked types, which it
// reports as unsupported or obsolete, and how each typed value is parsed into a Conn.
// left... and right... keywords share one table of end keywords.
#pragma once

#include "conf/conf_options.hpp"
#include "conf/conn.hpp"
#include "conf/keyword_support.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ipsec::conf {

// nullopt for a keyword strongSwan does not know either.
std::optional<KeywordInfo> classify_conn_keyword(std::string_view key);

// Every keyword of a conn section, left... and right... written out, with its
// support (the table a test walks).
std::vector<std::pair<std::string, KeywordInfo>> conn_keyword_list();

// Parses `value` (not empty) of the typed keyword `key` into `conn`.
ApplyResult apply_conn_keyword(Conn& conn, std::string_view key, std::string_view value,
                               const ConfOptions& options);

} // namespace ipsec::conf
