// SPDX-License-Identifier: GPL-2.0-or-later
// The verbs of tlsctl; each takes the words after the verb and returns the
// process exit status. Errors are printed by the verb itself.
#pragma once

#include "common/result.hpp"

#include <string>
#include <vector>

namespace tlsctl {

using Args = std::vector<std::string>;

int verb_genpkey(const Args& args);
int verb_req(const Args& args);
int verb_ca(const Args& args);
int verb_x509(const Args& args);
int verb_verify(const Args& args);
int verb_rand(const Args& args);
int verb_s_client(const Args& args);
int verb_s_server(const Args& args);
int verb_s_time(const Args& args);

// Prints "tlsctl VERB: message" (and the detail) to stderr; returns 1.
int report_error(const std::string& verb, const ipsec::Error& error);

} // namespace tlsctl
