// SPDX-License-Identifier: GPL-2.0-or-later
// JSON printer for `ipxf -j` (and -p pretty): every field of the text output,
// with the documented schema in man/ipxf.8 (section JSON OUTPUT).
#pragma once

#include "xfrm/model.hpp"
#include "xfrm/print_text.hpp"

#include <string>
#include <vector>

namespace ipxf {

std::string state_to_json(const State& state, const PrintOptions& opt, bool pretty, int indent = 0);
std::string policy_to_json(const Policy& policy, const PrintOptions& opt, bool pretty,
                           int indent = 0);
// A JSON array of all of them ("[]" when empty), newline-terminated.
std::string states_to_json(const std::vector<State>& states, const PrintOptions& opt, bool pretty);
std::string policies_to_json(const std::vector<Policy>& policies, const PrintOptions& opt,
                             bool pretty);
// A JSON string literal (RFC 8259 escaping; invalid UTF-8 becomes U+FFFD).
std::string json_quote(const std::string& s);
std::string sad_info_to_json(const SadInfo& info, bool pretty);
std::string spd_info_to_json(const SpdInfo& info, bool pretty);
// `ipxf -j policy getdefault`: {"in":"accept","fwd":"accept","out":"accept"}, newline-terminated.
std::string default_policy_to_json(const DefaultPolicy& def, bool pretty);

} // namespace ipxf
