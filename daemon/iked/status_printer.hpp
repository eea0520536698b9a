// SPDX-License-Identifier: GPL-2.0-or-later
// Printers of iked's status model (status.hpp): the text of strongSwan's
// `ipsec status` / `ipsec statusall` (so scripts written for charon read
// ikectl's the same way; ../shared/screens/strongswan-5.9.8.txt is the
// reference) and a JSON document for `ikectl status --json`.
#pragma once

#include "status.hpp"

#include <optional>
#include <string>

namespace iked {

// "1 second", "43 minutes", "2 hours", "3 days": the largest unit of which
// more than two fit (truncated), as charon prints durations.
std::string format_duration(std::uint64_t seconds);

// `ipsec status [NAME]`: the SAs (of NAME only when given).
std::string format_status(const DaemonStatus& s, const std::optional<std::string>& name);

// `ipsec statusall [NAME]`: daemon, addresses, connections and SAs in detail.
std::string format_statusall(const DaemonStatus& s, const std::optional<std::string>& name);

// The same content as JSON (schema in ikectl(8)).
std::string status_to_json(const DaemonStatus& s, const std::optional<std::string>& name,
                           bool pretty);

} // namespace iked
