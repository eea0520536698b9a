// SPDX-License-Identifier: GPL-2.0-or-later
// ikectl's end of the control socket (daemon/iked/control_protocol.hpp): one
// request, the daemon's lines as they come, and its exit status.
#pragma once

#include "common/result.hpp"
#include "control/control_protocol.hpp"

#include <functional>
#include <string>
#include <variant>
#include <vector>

namespace ikectl {

struct ClientError {
    int exit_code;       // iked::exit_code::no_daemon or ::permission
    std::string message; // what to tell the user
};

// Sends `words` as one request to the daemon at `socket_path`, calls `on_line`
// for every "L"/"O"/"E" line, and returns the status of the "R" line. A daemon
// that cannot be reached gives a ClientError (no_daemon or permission); one
// that closes without an "R" line gives exit status 1 with an "E" line.
std::variant<int, ClientError>
request(const std::string& socket_path, const std::vector<std::string>& words,
        const std::function<void(const iked::control::Line&)>& on_line);

} // namespace ikectl
