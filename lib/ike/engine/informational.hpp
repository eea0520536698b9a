// SPDX-License-Identifier: GPL-2.0-or-later
// The responder's side of INFORMATIONAL: Delete payloads (IKE or ESP), and an
// empty answer for anything else (DPD, notifies we do not act on).
#pragma once

#include "ike/engine/task.hpp"

namespace ipsec::ike::engine {

Result<Response> respond_informational(EngineCore& core, IkeSa& sa, const Received& request);

} // namespace ipsec::ike::engine
